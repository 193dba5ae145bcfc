/**
 * The content script's wiring: gate → extract → check (or the cache) → map → draw → report, re-run on SPA
 * navigation and on growth, and the messages from the background (keyboard commands, "show in page",
 * re-check), which it hands to the passage navigator (passage-navigator.ts); the hover card's behaviour is
 * card-controller.ts. Everything page-facing is injected (`win`, `send`, `loadSettings`) so that tests drive
 * the whole pipeline in jsdom.
 */
import type { ScanResult } from '@wiretrace/engine';
import type { BackgroundMessages, ContentMessages, Handlers, PayloadOf, ResponseOf } from '../shared/messages';
import type { Settings } from '../shared/settings';
import type { PageTimings } from '../shared/timings';
import { CheckCache } from './check-cache';
import { CardController } from './card-controller';
import { indexLiveTextSliced, mapSpans, tokenizeSliced } from './dom-map';
import { extractPage } from './extract-page';
import { gatePage } from './gate';
import { HoverCard } from './hover-card';
import { Overlay } from './overlay';
import { PassageNavigator } from './passage-navigator';
import { buildPassages, flattenSpans, type Passage } from './passages';
import { receiveContentMessage } from './payloads';
import { prepareLiveText, type PreparedLiveText } from './prepared-live-text';
import { startRunTimer, type RunTimer } from './run-timer';
import { ContentSlicer } from './scheduling';
import { bodyTextLength, PageWatcher, RECHECK_DEBOUNCE_MS, type WatchEvent } from './watch';

export type SendToBackground = <K extends keyof BackgroundMessages>(type: K, payload: PayloadOf<BackgroundMessages, K>) => Promise<ResponseOf<BackgroundMessages, K>>;

export interface ContentDeps {
  win: Window;
  send: SendToBackground;
  loadSettings: () => Promise<Settings>;
  /** The watcher's debounce (tests shorten it). */
  debounceMs?: number;
}

type CheckReply = ResponseOf<BackgroundMessages, 'check-page'>;
/**
 * Why a check runs: the first one, an SPA navigation, an article that grew, a re-render that replaced the
 * highlighted nodes (same URL), or the background's `recheck`.
 */
type RunReason = 'start' | 'navigated' | 'grew' | 'rerendered' | 'recheck';

/** Errors after which this content script is an orphan (the extension was updated, reloaded or removed). */
const CONTEXT_GONE = /context invalidated|extension context/i;

export class ContentApp {
  private readonly win: Window;
  private readonly doc: Document;
  private overlay: Overlay | null = null;
  private cards: CardController | null = null;
  private nav: PassageNavigator | null = null;
  private readonly watcher: PageWatcher;
  private readonly cache = new CheckCache<CheckReply>();
  /** Found passages in document order. */
  private passages: Passage[] = [];
  /** URL the passages belong to. */
  private url = '';
  /** Incremented by every run: a run that is no longer the latest stops at its next await. */
  private gen = 0;
  private visible = true;
  private disposed = false;
  /** The latest run, for callers (and tests) that wait for it. */
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ContentDeps) {
    this.win = deps.win;
    this.doc = deps.win.document;
    this.watcher = new PageWatcher(this.win, (e) => this.onWatch(e), deps.debounceMs ?? RECHECK_DEBOUNCE_MS);
  }

  /** Creates the overlay host (always, whatever the page turns out to be) and checks the page. */
  start(): Promise<void> {
    const overlay = new Overlay(this.doc);
    const passages = (): readonly Passage[] => this.passages;
    const cards = new CardController(this.win, overlay, new HoverCard(overlay.cardSlot, this.doc), passages);
    this.overlay = overlay;
    this.cards = cards;
    this.nav = new PassageNavigator(this.win, overlay, cards, passages);
    overlay.onDraw = () => cards.replace();
    cards.attach();
    return this.check('start');
  }

  /** Waits for the check in progress (if any). */
  idle(): Promise<void> {
    return this.running;
  }

  /** The messages from the background, by name (their payloads are checked by src/content/payloads.ts). */
  readonly handlers: Handlers<ContentMessages, void> = {
    'step-passage': async ({ direction }) => this.nav?.step(direction) ?? { index: -1, total: 0 },
    'toggle-highlights': async ({ visible }) => this.toggle(visible),
    'show-passages': async ({ sourceId }) => this.nav?.show(sourceId) ?? { shown: 0 },
    recheck: async () => {
      this.cache.clear();
      await this.check('recheck');
    },
  };

  /** A raw message from `runtime.onMessage`: its handler's answer, or undefined when it is not for us. */
  handle(raw: unknown): Promise<unknown> | undefined {
    return receiveContentMessage(this.handlers, raw);
  }

  /** Starts a run (superseding any in progress) and returns it. */
  private check(reason: RunReason): Promise<void> {
    const run = this.run(reason).catch((err: unknown) => this.fail(err));
    this.running = run;
    return run;
  }

  private async run(reason: RunReason): Promise<void> {
    if (this.disposed) return;
    const gen = ++this.gen;
    const stale = (): boolean => gen !== this.gen || this.disposed;
    const url = this.win.location.href;
    const timer = startRunTimer(this.win);
    // The old passages' Ranges point into a page that is gone: never leave them drawn over a new route.
    if (reason === 'navigated') this.clearPassages();

    const settings = await this.deps.loadSettings();
    if (stale()) return;
    this.visible = settings.highlights;
    this.overlay?.setVisible(this.visible);
    timer.lap('settings');

    const gate = gatePage(this.doc, url, settings);
    timer.lap('gate');
    if (!gate.ok) {
      this.clearPassages();
      // A switched-off site is left alone; a huge page would cost a text measure per debounce; an ordinary
      // non-article page is still watched (an SPA may navigate to an article).
      if (gate.status === 'not-article') this.watcher.start();
      else this.watcher.stop();
      await this.deps.send('page-skipped', { url, status: gate.status });
      return;
    }
    this.watcher.start();
    // The element whose text is extracted and mapped: the whole body, or an oversized page's article (gate.ts).
    const scope = gate.scope;

    const extracted = extractPage(this.doc, url, scope);
    timer.lap('extract');
    if (extracted === null) {
      this.watcher.setBaseline(url, bodyTextLength(this.doc));
      this.clearPassages();
      await this.deps.send('page-skipped', { url, status: 'not-article' });
      return;
    }
    const { page, text } = extracted;

    let reply = this.cache.get(url, text);
    let live: PreparedLiveText | null = null;
    if (reply?.result) {
      this.watcher.setBaseline(url, bodyTextLength(this.doc));
      // Back on a page already checked: no scan, but the badge and popup must describe this page again.
      await this.deps.send('page-restored', { page, text, result: reply.result });
    } else if (reply === undefined) {
      // The message is on its way (sent synchronously): the page's main thread would only wait for the answer,
      // so it takes the re-check baseline and indexes the live text the answer will be mapped onto meanwhile.
      const pending = this.deps.send('check-page', { page, text });
      this.watcher.setBaseline(url, bodyTextLength(this.doc));
      live = prepareLiveText(this.doc, scope, () => !stale());
      reply = await pending;
      timer.checked(reply?.timings);
      // Cached even when this run was superseded meanwhile: the answer is still right for that page and text.
      if (reply && reply.status === 'done' && reply.result) this.cache.set(url, text, reply);
    } else {
      this.watcher.setBaseline(url, bodyTextLength(this.doc));
    }
    if (stale()) {
      live?.release();
      return;
    }
    if (!reply || reply.status !== 'done' || !reply.result) {
      live?.release();
      this.clearPassages();
      return;
    }
    timer.lap('check');
    await this.draw(url, text, reply.result, stale, timer, live, scope);
  }

  /**
   * Maps the result's spans (offsets into `text`, the text that was checked) onto the live page, draws them
   * and tells the background what was drawn (with the run's timings, when it has them: run-timer.ts).
   */
  private async draw(
    url: string,
    text: string,
    result: ScanResult,
    stale: () => boolean,
    timer: RunTimer,
    prepared: PreparedLiveText | null = null,
    scope: Element | null = null,
  ): Promise<void> {
    const overlay = this.overlay;
    // The index taken while the check was out, unless the page changed since (then it is taken again).
    const ready = prepared ? await prepared.take() : null;
    const root = scope ?? this.doc.body;
    if (!overlay || !root || !root.isConnected || stale()) {
      // The article element of an oversized page was replaced meanwhile: nothing to map onto.
      if (root && !root.isConnected && !stale()) this.clearPassages();
      return;
    }
    const { refs, spans } = flattenSpans(result);
    const slicer = new ContentSlicer();
    const current = (): boolean => !stale();
    // Indexing the live text (unless ready) and tokenizing the article run in slices that give the page its main
    // thread back; then one synchronous pass maps all spans together (the distinct-occurrence claims span all of
    // them): hash lookups over tokens, linear in the page's words, which the gate's size cap bounds.
    let mapped: ReturnType<typeof mapSpans> = [];
    if (spans.length > 0) {
      const live = ready ?? (await indexLiveTextSliced(root, slicer, current));
      const art = live && (await tokenizeSliced(text, slicer, current));
      if (!live || !art || stale()) return;
      mapped = mapSpans(live, text, spans, art);
    }
    const passages = await buildPassages(result, refs, mapped, current);
    if (passages === null || stale()) return;
    timer.lap('map');
    this.cards?.hide();
    this.passages = passages;
    this.url = url;
    this.nav?.reset();
    overlay.setPassages(passages);
    await overlay.whenDrawn();
    if (stale()) return;
    timer.lap('draw');
    await this.reportHighlights(timer.timings());
  }

  /** What is drawn now: the text of every visible passage that has boxes on screen (none while hidden). */
  private drawnTexts(): string[] {
    const overlay = this.overlay;
    if (!overlay || !this.visible) return [];
    return this.passages.filter((_, i) => overlay.boxesOf(i).length > 0).map((p) => p.text);
  }

  private reportHighlights(timings?: PageTimings): Promise<void> {
    return this.deps.send('report-highlights', { url: this.url || this.win.location.href, highlighted: this.drawnTexts(), ...(timings ? { timings } : {}) });
  }

  private clearPassages(): void {
    this.cards?.hide();
    this.passages = [];
    this.nav?.reset();
    this.overlay?.setPassages([]);
  }

  /** Keyboard: hide or show the highlights (the background persists the choice in the settings). */
  toggle(visible: boolean = !this.visible): { visible: boolean } {
    this.visible = visible;
    this.overlay?.setVisible(this.visible);
    if (!this.visible) this.cards?.hide();
    void this.reportHighlights().catch((err: unknown) => this.fail(err));
    return { visible: this.visible };
  }

  /**
   * The watcher's verdict after a quiet moment. A page that merely changed a little gets its boxes re-measured;
   * one whose framework re-rendered the article (the highlighted text nodes were removed: live Ranges then
   * collapse onto their parent, or leave the document with it) is mapped again — from the cache when the text is
   * unchanged, so without a message.
   */
  private onWatch(event: WatchEvent): void {
    if (event !== 'settled') void this.check(event);
    else if (this.passages.some((p) => p.ranges.some((r) => r.collapsed || !r.startContainer.isConnected))) {
      // A page that re-renders its article over and over would otherwise be re-mapped every debounce.
      this.watcher.backOff();
      void this.check('rerendered');
    } else {
      this.watcher.resetDelay(); // quiet again: the next re-render or growth is answered promptly
      this.overlay?.schedule();
    }
  }

  /**
   * A failed run leaves the page as it is. When the extension itself is gone (updated or removed), this script
   * can never talk to it again: everything it added is removed.
   */
  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (CONTEXT_GONE.test(message)) this.dispose();
  }

  /** Removes the overlay host and every listener and observer. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.gen++;
    this.watcher.stop();
    this.cards?.detach();
    this.overlay?.dispose();
    this.overlay = null;
    this.cards = null;
    this.nav = null;
    this.passages = [];
  }
}
