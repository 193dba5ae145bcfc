/**
 * The background's validators and sender rules (src/background/payloads.ts), unit by unit; the router with
 * them is exercised through the worker in router.test.ts and messages.test.ts.
 */
import { BACKGROUND_MESSAGE_TYPES, BACKGROUND_PAYLOADS, SENDERS } from '../../src/background/payloads';
import { MAX_FIELD_CHARS, MAX_TEXT_CHARS } from '../../src/background/validate';
import { factsOfText, type Match, type ScanResult } from '@wiretrace/engine';
import { pageInfo } from './helpers';

const P = BACKGROUND_PAYLOADS;
const TEXT = 'one two three four';
const MATCH: Match = {
  source: { id: 's', title: null, outlet: null, url: null, published: null },
  coverage: 0.5,
  sharedWords: 2,
  spans: [{ start: 0, end: 7, sourceStart: 0, sourceEnd: 7, kind: 'verbatim', quote: false, others: [] }],
  group: 's',
};
const RESULT: ScanResult = { words: 4, sourceCount: 1, matches: [MATCH], facts: factsOfText(TEXT, [MATCH], 1) };

describe('background payloads', () => {
  test('every message name has a validator and a sender rule, and nothing else does', () => {
    expect([...BACKGROUND_MESSAGE_TYPES].sort()).toEqual(Object.keys(SENDERS).sort());
    expect(BACKGROUND_MESSAGE_TYPES).toContain('check-page');
    expect(BACKGROUND_MESSAGE_TYPES).not.toContain('recheck'); // a content message
  });

  test('only extension pages may ask for results or act for the extension', () => {
    const pageOnly = BACKGROUND_MESSAGE_TYPES.filter((t) => SENDERS[t] === 'extension-page').sort();
    expect(pageOnly).toEqual(['check-tab', 'check-text', 'corpus-changed', 'settings-changed', 'show-in-page', 'tab-results']);
    expect(SENDERS['corpus-status']).toBe('any');
  });

  test('check-page: page metadata cut to size, text kept as it is (its size is a status), a tabId ignored', () => {
    const long = 'x'.repeat(MAX_FIELD_CHARS + 10);
    const out = P['check-page']({ page: { ...pageInfo('https://a.example/'), title: long, byline: 7 }, text: 'words', tabId: 9 });
    expect(out).toEqual({ page: { ...pageInfo('https://a.example/'), title: 'x'.repeat(MAX_FIELD_CHARS), byline: null }, text: 'words' });
    expect(P['check-page']({ page: { url: 42 }, text: 'words' })).toBeNull();
    expect(P['check-page']({ page: pageInfo('https://a.example/') })).toBeNull();
    expect(P['check-page']({ page: pageInfo('https://a.example/'), text: 'w'.repeat(2_000_000) })?.text).toHaveLength(2_000_000);
  });

  test('page-restored: the text, and the scan result checked against it (spans inside it, facts that fit)', () => {
    const page = pageInfo('https://a.example/');
    expect(P['page-restored']({ page, text: TEXT, result: RESULT })).toEqual({ page, text: TEXT, result: RESULT });
    const badSpan = { ...RESULT, matches: [{ ...MATCH, spans: [{ ...MATCH.spans[0], end: 999 }] }] };
    expect(P['page-restored']({ page, text: TEXT, result: badSpan })).toBeNull();
    expect(P['page-restored']({ page, text: TEXT, result: 'result' })).toBeNull();
    expect(P['page-restored']({ page, result: RESULT })).toBeNull();
    expect(P['page-restored']({ page, text: 'x'.repeat(MAX_TEXT_CHARS + 1), result: RESULT })).toBeNull();
    // Facts the result's own matches and the thresholds do not back: a badge nobody computed.
    expect(P['page-restored']({ page, text: TEXT, result: { ...RESULT, facts: { ...RESULT.facts, level: 'some' } } })).toBeNull();
    expect(P['page-restored']({ page, text: TEXT, result: { ...RESULT, facts: { ...RESULT.facts, sources: [] } } })).toBeNull();
    // Version 1's payload (a report, no text) is not a version 2 one.
    expect(P['page-restored']({ page, report: { text: TEXT, ...RESULT } })).toBeNull();
  });

  test('page-skipped: only the three skip statuses', () => {
    expect(P['page-skipped']({ url: 'https://a.example/', status: 'too-large' })).toEqual({ url: 'https://a.example/', status: 'too-large' });
    for (const status of ['done', 'checking', 'error', 'no-corpus', 42, undefined]) expect(P['page-skipped']({ url: 'https://a.example/', status })).toBeNull();
    expect(P['page-skipped']({ url: '', status: 'disabled' })).toBeNull();
  });

  test('report-highlights: strings only, at most 2,000 of at most 20,000 characters', () => {
    const out = P['report-highlights']({ url: 'https://a.example/', highlighted: ['a', 7, 'b'.repeat(30_000), ...Array(3_000).fill('c')] });
    expect(out?.highlighted).toHaveLength(2_000);
    expect(out?.highlighted.slice(0, 2)).toEqual(['a', 'b'.repeat(20_000)]);
    expect(P['report-highlights']({ url: 'https://a.example/', highlighted: 'a' })).toBeNull();
    expect(P['report-highlights']({ highlighted: [] })).toBeNull();
  });

  test('report-highlights: timings kept only when every field is a finite number (a build with timings)', () => {
    const check = { cached: false, indexLoaded: false, workerAgeMs: 1, prepareMs: 1, indexMs: 0, analyzeMs: 2, candidatesMs: 1, recordsMs: 3, alignMs: 4, publishMs: 0, totalMs: 11 };
    const timings = { startAt: 100, settingsMs: 1, gateMs: 2, extractMs: 3, checkMs: 12, mapMs: 4, drawMs: 5, totalMs: 27, check };
    expect(P['report-highlights']({ url: 'https://a.example/', highlighted: [], timings })).toEqual({ url: 'https://a.example/', highlighted: [], timings });
    const bad = { ...timings, mapMs: Number.POSITIVE_INFINITY };
    expect(P['report-highlights']({ url: 'https://a.example/', highlighted: [], timings: bad })).toEqual({ url: 'https://a.example/', highlighted: [] });
    const badCheck = { ...timings, check: { ...check, cached: 'no' } };
    expect(P['report-highlights']({ url: 'https://a.example/', highlighted: [], timings: badCheck })).toEqual({ url: 'https://a.example/', highlighted: [] });
  });

  test('tab ids are non-negative safe integers; show-in-page takes an optional source id', () => {
    expect(P['tab-results']({ tabId: 3 })).toEqual({ tabId: 3 });
    for (const tabId of [-1, 1.5, '3', Number.MAX_SAFE_INTEGER + 1, null]) {
      expect(P['tab-results']({ tabId })).toBeNull();
      expect(P['check-tab']({ tabId })).toBeNull();
    }
    expect(P['show-in-page']({ tabId: 3 })).toEqual({ tabId: 3 });
    expect(P['show-in-page']({ tabId: 3, sourceId: 's' })).toEqual({ tabId: 3, sourceId: 's' });
    expect(P['show-in-page']({ tabId: 3, sourceId: 5 })).toBeNull();
  });

  test('check-text needs a string; messages without a payload ignore what comes with them', () => {
    expect(P['check-text']({ text: 'pasted' })).toEqual({ text: 'pasted' });
    expect(P['check-text']({ text: ['pasted'] })).toBeNull();
    for (const type of ['corpus-changed', 'corpus-status', 'settings-changed'] as const) expect(P[type]({ anything: 1 })).toEqual({});
  });
});
