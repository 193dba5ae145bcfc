/** @jest-environment jsdom */
import { seenWhen } from '../../../src/ui/shared/format';
import { renderSources, seenText } from '../../../src/ui/popup/source-list';
import { makeReport } from '../fixtures';

const NOW = new Date(2026, 11, 4, 18, 30); // local time

test('when a captured page was read: today, yesterday, or its date', () => {
  expect(seenWhen(new Date(2026, 11, 4, 10, 12).toISOString(), NOW)).toEqual({ day: 'today', time: '10:12' });
  expect(seenWhen(new Date(2026, 11, 3, 23, 5).toISOString(), NOW)).toEqual({ day: 'yesterday', time: '23:05' });
  expect(seenWhen(new Date(2026, 10, 28, 9, 41).toISOString(), NOW)).toEqual({ day: 'earlier', date: '28 Nov 2026', time: '09:41' });
  expect(seenWhen('not a time', NOW)).toBeNull();
});

test('"Seen before at apnews.com, 10:12 today"; the outlet when the URL is not a web address', () => {
  const at = new Date(2026, 11, 4, 10, 12).toISOString();
  expect(seenText(at, 'https://www.apnews.com/article/x', 'AP', NOW)).toBe('Seen before at apnews.com, 10:12 today');
  expect(seenText(at, 'javascript:alert(1)', 'The Wire', NOW)).toBe('Seen before at The Wire, 10:12 today');
});

test('the popup shows the line for captured sources only', () => {
  const report = makeReport();
  const seen = { ...report.matches[0], source: { ...report.matches[0].source, seenAt: new Date().toISOString() } };
  const list = document.createElement('ol');
  renderSources(list, { ...report, matches: [seen, ...report.matches.slice(1)] }, { compare: () => undefined });
  const lines = [...list.querySelectorAll('.source-seen')].map((p) => p.textContent);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Seen before at .+, \d\d:\d\d today$/);
  expect([...list.querySelectorAll("li.source")].find((li) => li.getAttribute("data-source-id") === seen.source.id)?.querySelector(".source-seen")).not.toBeNull();
});
