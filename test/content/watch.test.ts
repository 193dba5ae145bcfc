/**
 * @jest-environment jsdom
 *
 * The watcher: many mutations or navigation signals → one comparison per debounce; navigation and growth.
 */
import { GROWTH_THRESHOLD, PageWatcher, RECHECK_DEBOUNCE_MS, type WatchEvent } from '../../src/content/watch';

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
});
