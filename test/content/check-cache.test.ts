/**
 * The per-page result cache.
 */
import { cacheKey, CheckCache } from '../../src/content/check-cache';

describe('CheckCache', () => {
  test('same URL and text: hit; other text or other URL: miss', () => {
    const cache = new CheckCache<string>();
    cache.set('https://a.example/story', 'the text', 'result');
    expect(cache.get('https://a.example/story', 'the text')).toBe('result');
    expect(cache.get('https://a.example/story', 'the text, grown')).toBeUndefined();
    expect(cache.get('https://a.example/other', 'the text')).toBeUndefined();
  });

  test('the fragment is not part of the key (an anchor jump is the same page)', () => {
    const cache = new CheckCache<string>();
    cache.set('https://a.example/story#comments', 'the text', 'result');
    expect(cache.get('https://a.example/story', 'the text')).toBe('result');
    expect(cacheKey('https://a.example/s#x', 't')).toBe(cacheKey('https://a.example/s', 't'));
  });

  test('least recently used entries go first; clear empties it', () => {
    const cache = new CheckCache<number>(2);
    cache.set('u1', 't', 1);
    cache.set('u2', 't', 2);
    expect(cache.get('u1', 't')).toBe(1); // u1 is now the most recent
    cache.set('u3', 't', 3);
    expect(cache.get('u2', 't')).toBeUndefined();
    expect(cache.get('u1', 't')).toBe(1);
    expect(cache.get('u3', 't')).toBe(3);
    expect(cache.size).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  test('a hash collision never returns another text’s result', () => {
    const cache = new CheckCache<string>();
    cache.set('u', 'text one', 'one');
    // Force the same key for another text: the stored text is compared.
    const entries = (cache as unknown as { entries: Map<string, { text: string; value: string }> }).entries;
    const [key] = entries.keys();
    entries.set(cacheKey('u', 'text two'), entries.get(key)!);
    expect(cache.get('u', 'text two')).toBeUndefined();
  });
});
