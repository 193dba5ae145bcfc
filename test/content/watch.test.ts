/**
 * @jest-environment jsdom
 *
 * The watcher: many mutations or navigation signals → one comparison per debounce; navigation and growth.
 */
import { GROWTH_THRESHOLD, MAX_RECHECK_DELAY_MS, PageWatcher, RECHECK_DEBOUNCE_MS, type WatchEvent } from '../../src/content/watch';

/** MutationObserver callbacks are microtasks: let them run. */
const flushMicrotasks = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('PageWatcher', () => {
  let events: WatchEvent[];
  let watcher: PageWatcher;

  beforeEach(() => {
    jest.useFakeTimers();
    history.replaceState(null, '', '/article-1');
    document.body.innerHTML = `<main id="main"><p>${'word '.repeat(200)}</p></main>`;
    events = [];
    watcher = new PageWatcher(window, (e) => events.push(e));
    watcher.start();
  });

  afterEach(() => {
    watcher.stop();
    jest.useRealTimers();
  });

  test('a storm of mutations gives one comparison, after the debounce, not one per mutation', async () => {
    const main = document.getElementById('main')!;
    for (let i = 0; i < 500; i++) {
      main.append(document.createElement('span'));
      await flushMicrotasks();
      jest.advanceTimersByTime(2); // mutations keep coming: the timer is not pushed back by them
    }
    // 1000 ms of mutations: nothing yet.
    expect(events).toEqual([]);
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS);
    expect(events).toEqual(['settled']);
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS * 3);
    expect(events).toEqual(['settled']); // no signal since: no comparison
  });

  test('pushState navigation (seen through the mutations of the new route) → navigated, once', async () => {
    history.pushState(null, '', '/article-2');
    document.getElementById('main')!.innerHTML = `<p>${'other '.repeat(150)}</p>`;
    await flushMicrotasks();
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS);
    expect(events).toEqual(['navigated']);
    document.body.append(document.createElement('div'));
    await flushMicrotasks();
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS);
    expect(events).toEqual(['navigated', 'settled']); // the new URL became the baseline
  });

  test('popstate and hashchange are signals too', () => {
    history.replaceState(null, '', '/article-3');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS - 1);
    expect(events).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(events).toEqual(['navigated']);
  });

  test('the Navigation API’s navigatesuccess is used where there is one', () => {
    watcher.stop();
    const target = new EventTarget();
    Object.defineProperty(window, 'navigation', { value: target, configurable: true });
    try {
      watcher = new PageWatcher(window, (e) => events.push(e));
      watcher.start();
      history.replaceState(null, '', '/article-4');
      target.dispatchEvent(new Event('navigatesuccess'));
      jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS);
      expect(events).toEqual(['navigated']);
    } finally {
      delete (window as unknown as { navigation?: unknown }).navigation;
    }
  });

  test(`growth by more than ${GROWTH_THRESHOLD * 100} % → grew; less → settled`, async () => {
    const main = document.getElementById('main')!;
    const base = document.body.textContent!.length;
    const p = document.createElement('p');
    p.textContent = 'x'.repeat(Math.floor(base * GROWTH_THRESHOLD) - 10);
    main.append(p);
    await flushMicrotasks();
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS);
    expect(events).toEqual(['settled']);
    const more = document.createElement('p');
    more.textContent = 'y'.repeat(base);
    main.append(more);
    await flushMicrotasks();
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS);
    expect(events).toEqual(['settled', 'grew']);
  });

  test('stop: no more events', async () => {
    watcher.stop();
    history.pushState(null, '', '/article-5');
    document.body.append(document.createElement('div'));
    await flushMicrotasks();
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS * 2);
    expect(events).toEqual([]);
  });

  test('a page that grows forever is re-checked ever less often (the wait doubles up to MAX_RECHECK_DELAY_MS)', async () => {
    const main = document.getElementById('main')!;
    const at: number[] = [];
    let now = 0;
    // Five minutes of a page that mutates every 100 ms and has doubled its text by every comparison ("grew").
    let doubled = 0;
    for (let t = 0; t < 300_000; t += 100) {
      if (doubled === events.length) {
        main.append(document.createTextNode('x'.repeat(main.textContent!.length)));
        doubled++;
      } else {
        main.append(document.createElement('span'));
      }
      await flushMicrotasks();
      const before = events.length;
      jest.advanceTimersByTime(100);
      now += 100;
      if (events.length > before) at.push(now);
    }
    expect(events.every((e) => e === 'grew')).toBe(true);
    // 1.5, 3, 6, 12, 24, 48 s, then one a minute: 10 in 5 minutes (a debounce alone would have given 200).
    expect(at.length).toBeLessThanOrEqual(10);
    expect(at.length).toBeGreaterThanOrEqual(8);
    const waits = at.map((t, i) => t - (at[i - 1] ?? 0));
    expect(waits.slice(0, 4)).toEqual([1, 2, 4, 8].map((k) => k * RECHECK_DEBOUNCE_MS));
    expect(Math.max(...waits)).toBeLessThanOrEqual(MAX_RECHECK_DELAY_MS + 100);
    expect(watcher.currentDelay).toBe(MAX_RECHECK_DELAY_MS);
  });

  test('backOff() doubles the wait; a navigation to another URL resets it', async () => {
    watcher.backOff();
    watcher.backOff();
    expect(watcher.currentDelay).toBe(4 * RECHECK_DEBOUNCE_MS);
    document.body.append(document.createElement('div'));
    await flushMicrotasks();
    jest.advanceTimersByTime(RECHECK_DEBOUNCE_MS);
    expect(events).toEqual([]); // waits 4× the debounce now
    jest.advanceTimersByTime(3 * RECHECK_DEBOUNCE_MS);
    expect(events).toEqual(['settled']);
    history.pushState(null, '', '/article-9');
    window.dispatchEvent(new PopStateEvent('popstate'));
    jest.advanceTimersByTime(4 * RECHECK_DEBOUNCE_MS);
    expect(events).toEqual(['settled', 'navigated']);
    expect(watcher.currentDelay).toBe(RECHECK_DEBOUNCE_MS);
    watcher.backOff();
    watcher.resetDelay();
    expect(watcher.currentDelay).toBe(RECHECK_DEBOUNCE_MS);
  });
});
