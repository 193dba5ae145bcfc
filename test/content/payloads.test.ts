/** The content script's validators and listener (src/content/payloads.ts), and its run timer. */
import { CONTENT_MESSAGE_TYPES, CONTENT_PAYLOADS, receiveContentMessage } from '../../src/content/payloads';
import { startRunTimer } from '../../src/content/run-timer';
import { message, MESSAGE_VERSION, type ContentMessages, type Handlers } from '../../src/shared/messages';
import type { CheckTimings } from '../../src/shared/timings';

const P = CONTENT_PAYLOADS;

describe('content payloads', () => {
  test('the names the content script answers', () => {
    expect([...CONTENT_MESSAGE_TYPES].sort()).toEqual(['recheck', 'show-passages', 'step-passage', 'toggle-highlights']);
  });

  test('each payload is checked, and only its own fields are kept', () => {
    expect(P['step-passage']({ direction: -1, extra: 1 })).toEqual({ direction: -1 });
    for (const direction of [0, 2, '1', null]) expect(P['step-passage']({ direction })).toBeNull();
    expect(P['toggle-highlights']({ visible: false })).toEqual({ visible: false });
    expect(P['toggle-highlights']({ visible: 'no' })).toBeNull();
    expect(P['show-passages']({})).toEqual({});
    expect(P['show-passages']({ sourceId: 's' })).toEqual({ sourceId: 's' });
    expect(P['show-passages']({ sourceId: 1 })).toBeNull();
    expect(P.recheck({ anything: true })).toEqual({});
  });

  test('the listener answers valid messages, rejects malformed ones and leaves the rest unanswered', async () => {
    const calls: string[] = [];
    const handlers: Handlers<ContentMessages, void> = {
      'show-passages': async ({ sourceId }) => ({ shown: sourceId === undefined ? 2 : 1 }),
      'toggle-highlights': async ({ visible }) => ({ visible }),
      'step-passage': async ({ direction }) => ({ index: direction, total: 3 }),
      recheck: async () => {
        calls.push('recheck');
      },
    };
    await expect(receiveContentMessage(handlers, message('step-passage', { direction: -1 }))).resolves.toEqual({ index: -1, total: 3 });
    await expect(receiveContentMessage(handlers, message('recheck', {}))).resolves.toBeUndefined();
    expect(calls).toEqual(['recheck']);
    await expect(receiveContentMessage(handlers, message('toggle-highlights', { visible: 'yes' as unknown as boolean }))).rejects.toThrow(
      /malformed toggle-highlights message/,
    );
    expect(receiveContentMessage(handlers, message('corpus-status', {}))).toBeUndefined();
    expect(receiveContentMessage(handlers, { ...message('recheck', {}), v: MESSAGE_VERSION + 1 })).toBeUndefined();
    expect(receiveContentMessage(handlers, 'recheck')).toBeUndefined();
    expect(calls).toEqual(['recheck']);
  });
});

describe('run timer (the unit tests are built with timings)', () => {
  const CHECK: CheckTimings = { cached: false, indexLoaded: false, workerAgeMs: 5, prepareMs: 1, indexMs: 0, analyzeMs: 1, candidatesMs: 1, recordsMs: 1, alignMs: 1, publishMs: 0, totalMs: 5 };

  function fakeClock(): { win: Window; advance: (ms: number) => void } {
    let now = 1000;
    return { win: { performance: { now: () => now } } as unknown as Window, advance: (ms) => (now += ms) };
  }

  test('consecutive phases sum to the total, with the background’s check inside', () => {
    const { win, advance } = fakeClock();
    const timer = startRunTimer(win);
    const phases = ['settings', 'gate', 'extract', 'check', 'map', 'draw'] as const;
    phases.forEach((phase, i) => {
      advance(i + 1);
      if (phase === 'check') timer.checked(CHECK);
      timer.lap(phase);
    });
    expect(timer.timings()).toEqual({ startAt: 1000, settingsMs: 1, gateMs: 2, extractMs: 3, checkMs: 4, mapMs: 5, drawMs: 6, totalMs: 21, check: CHECK });
  });

  test('no timings for a run whose check was not timed (a cached answer) or that was not drawn', () => {
    const { win } = fakeClock();
    const untimed = startRunTimer(win);
    for (const phase of ['settings', 'gate', 'extract', 'check', 'map', 'draw'] as const) untimed.lap(phase);
    expect(untimed.timings()).toBeUndefined();
    const undrawn = startRunTimer(win);
    undrawn.checked(CHECK);
    for (const phase of ['settings', 'gate', 'extract', 'check', 'map'] as const) undrawn.lap(phase);
    expect(undrawn.timings()).toBeUndefined();
  });
});
