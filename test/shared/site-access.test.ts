import { siteAccessMode, siteMatches, sitePattern } from '../../src/shared/site-access';

describe('siteAccessMode', () => {
  test('a static content script means the default, automatic mode', () => {
    expect(siteAccessMode({ content_scripts: [{}] })).toBe('automatic');
    expect(siteAccessMode({ content_scripts: [{}], optional_host_permissions: ['https://*/*'] })).toBe('automatic');
  });
  test('no static content script and optional hosts means per-site', () => {
    expect(siteAccessMode({ optional_host_permissions: ['http://*/*', 'https://*/*'] })).toBe('per-site');
    expect(siteAccessMode({ content_scripts: [], optional_host_permissions: ['https://*/*'] })).toBe('per-site');
  });
  test('neither (a manifest that cannot read pages) is not per-site', () => {
    expect(siteAccessMode({})).toBe('automatic');
  });
});

describe('sitePattern', () => {
  test('scheme and host, any path; the port is dropped (match patterns have none)', () => {
    expect(sitePattern('https://www.news.example/local/bridge?x=1#y')).toBe('https://www.news.example/*');
    expect(sitePattern('http://127.0.0.1:8080/demo/index.html')).toBe('http://127.0.0.1/*');
  });
  test('nothing for pages the extension never reads', () => {
    for (const url of ['chrome://extensions', 'file:///tmp/a.html', 'about:blank', 'not a url', '', null, undefined]) expect(sitePattern(url)).toBeNull();
  });
});

describe('siteMatches', () => {
  test('web patterns only, sorted, without duplicates', () => {
    expect(siteMatches(['https://b.example/*', 'http://a.example/*', 'https://b.example/*', 'chrome://favicon/*', 'file:///*'])).toEqual(['http://a.example/*', 'https://b.example/*']);
  });
  test('a grant of every site is narrowed to http and https', () => {
    expect(siteMatches(['<all_urls>'])).toEqual(['http://*/*', 'https://*/*']);
    expect(siteMatches(['*://*/*'])).toEqual(['http://*/*', 'https://*/*']);
  });
  test('none granted', () => {
    expect(siteMatches(undefined)).toEqual([]);
    expect(siteMatches([])).toEqual([]);
  });
});
