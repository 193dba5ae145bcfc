/**
 * An in-memory fake of `webextension-polyfill` for jest (jest.config.cjs maps the module here, because the
 * real polyfill throws outside an extension). Generic on purpose: any test may use it.
 *
 *   import browser from 'webextension-polyfill';          // the fake, typed as the real API
 *   import { fakeBrowser } from '../mocks/webextension-polyfill';   // the same object, with test helpers
 *
 * What it covers:
 * - `storage.local` / `storage.session` / `storage.sync`: get (null, a key, keys, or defaults) / set /
 *   remove / clear; values are copied through JSON like the real storage; `storage.onChanged` and each
 *   area's `onChanged` fire on every change.
 * - `runtime`: `id`, `getURL`, `getManifest`, `sendMessage` (delivered to `runtime.onMessage` listeners
 *   with an extension-page sender, polyfill semantics: a listener answers by returning a promise),
 *   `onMessage`, `onInstalled`, `onStartup`, `lastError` (always undefined).
 * - `tabs`: an in-memory tab list (`__addTab`), `query` (active / currentWindow / windowId / url), `get`,
 *   `create` (recorded, fires `onCreated`), `update`, `remove` (fires `onRemoved`), `sendMessage`
 *   (recorded in `__sent`, answered by the handler set with `__setTabHandler`, else rejected like Chrome
 *   does when no content script listens), `onUpdated`, `onRemoved`, `onActivated`, `onCreated`.
 * - `action`: setBadgeText / setBadgeBackgroundColor / setBadgeTextColor / setTitle (per tab or global;
 *   every call recorded in `__calls`) and the matching getters; `__badge(tabId)` gives the effective state.
 * - `commands.onCommand`, `commands.getAll`; `i18n.getMessage` reads `_locales/en/messages.json`.
 *
 * Events have `addListener` / `removeListener` / `hasListener` / `hasListeners` and, for tests,
 * `__dispatch(...args)` (returns each listener's result). For messages use `runtime.__dispatchMessage(
 * message, sender)`, which answers the way the real `runtime.sendMessage` does.
 *
 * State lives on `globalThis`, so a module registry reset (`jest.isolateModules`, used to simulate a
 * service worker restart) sees the same fake. `__reset()` clears everything, listeners included;
 * `__clearListeners()` clears only listeners (the worker died; storage survives).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Listener = (...args: any[]) => any;

export class FakeEvent<L extends Listener = Listener> {
  readonly listeners: L[] = [];
  addListener(listener: L): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }
  removeListener(listener: L): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }
  hasListener(listener: L): boolean {
    return this.listeners.includes(listener);
  }
  hasListeners(): boolean {
    return this.listeners.length > 0;
  }
  /** Calls every listener with `args`; returns what each returned. */
  __dispatch(...args: Parameters<L>): unknown[] {
    return [...this.listeners].map((l) => l(...args));
  }
  __clear(): void {
    this.listeners.length = 0;
  }
}

const copy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

type Changes = Record<string, { oldValue?: unknown; newValue?: unknown }>;

export class FakeStorageArea {
  readonly data = new Map<string, unknown>();
  readonly onChanged = new FakeEvent<(changes: Changes) => void>();
  constructor(
    private readonly area: string,
    private readonly global: FakeEvent<(changes: Changes, area: string) => void>,
  ) {}

  async get(keys?: null | string | string[] | Record<string, unknown>): Promise<Record<string, any>> {
    const out: Record<string, unknown> = {};
    if (keys === null || keys === undefined) {
      for (const [k, v] of this.data) out[k] = copy(v);
    } else if (typeof keys === 'string' || Array.isArray(keys)) {
      for (const k of typeof keys === 'string' ? [keys] : keys) if (this.data.has(k)) out[k] = copy(this.data.get(k));
    } else {
      for (const [k, d] of Object.entries(keys)) out[k] = this.data.has(k) ? copy(this.data.get(k)) : d;
    }
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    const changes: Changes = {};
    for (const [k, v] of Object.entries(items)) {
      changes[k] = { oldValue: copy(this.data.get(k)), newValue: copy(v) };
      this.data.set(k, copy(v));
    }
    this.fire(changes);
  }

  async remove(keys: string | string[]): Promise<void> {
    const changes: Changes = {};
    for (const k of typeof keys === 'string' ? [keys] : keys) {
      if (!this.data.has(k)) continue;
      changes[k] = { oldValue: this.data.get(k) };
      this.data.delete(k);
    }
    this.fire(changes);
  }

  async clear(): Promise<void> {
    const changes: Changes = {};
    for (const [k, v] of this.data) changes[k] = { oldValue: v };
    this.data.clear();
    this.fire(changes);
  }

  private fire(changes: Changes): void {
    if (Object.keys(changes).length === 0) return;
    this.onChanged.__dispatch(changes);
    this.global.__dispatch(changes, this.area);
  }
}

export interface FakeTab {
  id: number;
  windowId: number;
  index: number;
  active: boolean;
  url?: string;
  title?: string;
  status?: string;
  highlighted: boolean;
  pinned: boolean;
  incognito: boolean;
}

export interface FakeSender {
  id?: string;
  url?: string;
  tab?: Partial<FakeTab> & { id?: number };
  frameId?: number;
  origin?: string;
}

interface BadgeState {
  text?: string;
  color?: unknown;
  textColor?: unknown;
  title?: string;
  icon?: unknown;
}

const EXTENSION_ID = 'wiretrace-test-id';
/** The window `currentWindow: true` refers to. */
const CURRENT_WINDOW = 1;

function noReceiver(): Error {
  return new Error('Could not establish connection. Receiving end does not exist.');
}

/** Delivers a message the way runtime.sendMessage / tabs.sendMessage do with the polyfill. */
function deliver(event: FakeEvent, message: unknown, sender: FakeSender): Promise<unknown> {
  for (const listener of [...event.listeners]) {
    let sendResponse: ((r: unknown) => void) | undefined;
    const viaCallback = new Promise((resolve) => (sendResponse = resolve));
    let result: unknown;
    try {
      result = listener(copy(message), sender, sendResponse);
    } catch (e) {
      return Promise.reject(e);
    }
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      return Promise.resolve(result as PromiseLike<unknown>).then(copy);
    }
    if (result === true) return viaCallback.then(copy);
  }
  return Promise.reject(noReceiver());
}

let locale: Record<string, { message: string; placeholders?: Record<string, { content: string }> }> | null = null;
function getMessage(name: string, substitutions?: string | string[]): string {
  locale ??= JSON.parse(readFileSync(join(__dirname, '../../_locales/en/messages.json'), 'utf8'));
  const entry = locale![name];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (m, p: string) => entry.placeholders?.[p.toLowerCase()]?.content ?? m);
  return withPlaceholders.replace(/\$(\d)/g, (_m, d: string) => subs[Number(d) - 1] ?? '');
}

function createFakeBrowser() {
  const storageChanged = new FakeEvent<(changes: Changes, area: string) => void>();
  const events: FakeEvent[] = [];
  const event = <L extends Listener>(): FakeEvent<L> => {
    const e = new FakeEvent<L>();
    events.push(e as unknown as FakeEvent);
    return e;
  };
  events.push(storageChanged as unknown as FakeEvent);

  const tabs = new Map<number, FakeTab>();
  let nextTabId = 1;
  const tabHandlers = new Map<number, (message: any, sender: FakeSender) => unknown>();
  const sent: Array<{ tabId: number; message: any }> = [];
  const created: Array<{ url?: string; active?: boolean }> = [];
  const badges = new Map<number | 'global', BadgeState>();
  const calls: Array<{ method: string; details: any }> = [];

  const runtimeOnMessage = event<(message: any, sender: FakeSender, sendResponse: (r: unknown) => void) => unknown>();
  const tabsOnUpdated = event<(tabId: number, changeInfo: Record<string, unknown>, tab: FakeTab) => void>();
  const tabsOnRemoved = event<(tabId: number, removeInfo: { windowId: number; isWindowClosing: boolean }) => void>();
  const tabsOnCreated = event<(tab: FakeTab) => void>();

  const getURL = (path: string): string => `chrome-extension://${EXTENSION_ID}/${path.replace(/^\//, '')}`;

  const addTab = (props: Partial<FakeTab> = {}): FakeTab => {
    const id = props.id ?? nextTabId++;
    nextTabId = Math.max(nextTabId, id + 1);
    const windowId = props.windowId ?? CURRENT_WINDOW;
    const tab: FakeTab = { index: tabs.size, active: false, highlighted: false, pinned: false, incognito: false, status: 'complete', ...props, id, windowId };
    if (tab.active) for (const t of tabs.values()) if (t.windowId === windowId) t.active = false;
    tabs.set(id, tab);
    return tab;
  };

  const badgeSetter = (method: string, field: keyof BadgeState, value: (d: any) => unknown) => async (details: any) => {
    calls.push({ method, details: copy(details) });
    const key = typeof details.tabId === 'number' ? details.tabId : 'global';
    badges.set(key, { ...badges.get(key), [field]: value(details) });
  };
  const badgeGetter = (field: keyof BadgeState) => async (details: { tabId?: number } = {}) =>
    (details.tabId !== undefined ? badges.get(details.tabId)?.[field] : undefined) ?? badges.get('global')?.[field] ?? (field === 'text' ? '' : undefined);

  const fake = {
    storage: {
      local: new FakeStorageArea('local', storageChanged),
      session: new FakeStorageArea('session', storageChanged),
      sync: new FakeStorageArea('sync', storageChanged),
      onChanged: storageChanged,
    },
    runtime: {
      id: EXTENSION_ID,
      lastError: undefined,
      getURL,
      getManifest: () => ({ manifest_version: 3, name: 'WireTrace', version: '0.1.0' }),
      sendMessage: (message: unknown) => deliver(runtimeOnMessage as unknown as FakeEvent, message, { id: EXTENSION_ID, url: getURL('src/ui/popup/index.html') }),
      onMessage: Object.assign(runtimeOnMessage, {
        /** Delivers `message` from `sender` to the listeners; resolves with the answer. */
        __dispatchMessage: (message: unknown, sender: FakeSender) => deliver(runtimeOnMessage as unknown as FakeEvent, message, sender),
      }),
      onInstalled: event<(details: { reason: string; previousVersion?: string }) => void>(),
      onStartup: event<() => void>(),
    },
    tabs: {
      async query(q: { active?: boolean; currentWindow?: boolean; windowId?: number; url?: string | string[] } = {}) {
        return [...tabs.values()]
          .filter((t) => q.active === undefined || t.active === q.active)
          .filter((t) => !q.currentWindow || t.windowId === CURRENT_WINDOW)
          .filter((t) => q.windowId === undefined || t.windowId === q.windowId)
          .filter((t) => q.url === undefined || (Array.isArray(q.url) ? q.url : [q.url]).includes(t.url ?? ''))
          .map(copy);
      },
      async get(tabId: number) {
        const tab = tabs.get(tabId);
        if (!tab) throw new Error(`No tab with id: ${tabId}.`);
        return copy(tab);
      },
      async create(props: { url?: string; active?: boolean; windowId?: number }) {
        created.push(copy(props));
        const tab = addTab({ url: props.url, active: props.active ?? true, windowId: props.windowId });
        tabsOnCreated.__dispatch(copy(tab));
        return copy(tab);
      },
      async update(tabId: number, props: { url?: string; active?: boolean }) {
        const tab = tabs.get(tabId);
        if (!tab) throw new Error(`No tab with id: ${tabId}.`);
        if (props.url !== undefined && props.url !== tab.url) {
          tab.url = props.url;
          tab.status = 'loading';
          tabsOnUpdated.__dispatch(tabId, { status: 'loading', url: props.url }, copy(tab));
        }
        if (props.active) addTab({ ...tab, active: true });
        return copy(tabs.get(tabId)!);
      },
      async remove(tabIds: number | number[]) {
        for (const id of Array.isArray(tabIds) ? tabIds : [tabIds]) {
          const tab = tabs.get(id);
          if (!tab) continue;
          tabs.delete(id);
          tabHandlers.delete(id);
          tabsOnRemoved.__dispatch(id, { windowId: tab.windowId, isWindowClosing: false });
        }
      },
      async sendMessage(tabId: number, message: unknown) {
        sent.push({ tabId, message: copy(message) });
        const handler = tabHandlers.get(tabId);
        if (!handler) throw noReceiver();
        return copy(await handler(copy(message), { id: EXTENSION_ID }));
      },
      onUpdated: tabsOnUpdated,
      onRemoved: tabsOnRemoved,
      onCreated: tabsOnCreated,
      onActivated: event<(info: { tabId: number; windowId: number }) => void>(),
      /** Adds a tab (id chosen unless given) and returns it; `active: true` deactivates its window's others. */
      __addTab: addTab,
      /** The content script of `tabId`: answers tabs.sendMessage (return a value or a promise). */
      __setTabHandler: (tabId: number, handler: (message: any, sender: FakeSender) => unknown) => tabHandlers.set(tabId, handler),
      /** Every tabs.sendMessage, in order. */
      __sent: sent,
      /** Every tabs.create, in order. */
      __created: created,
    },
    action: {
      setBadgeText: badgeSetter('setBadgeText', 'text', (d) => d.text ?? ''),
      setBadgeBackgroundColor: badgeSetter('setBadgeBackgroundColor', 'color', (d) => d.color),
      setBadgeTextColor: badgeSetter('setBadgeTextColor', 'textColor', (d) => d.color),
      setTitle: badgeSetter('setTitle', 'title', (d) => d.title),
      setIcon: badgeSetter('setIcon', 'icon', (d) => d.path),
      getBadgeText: badgeGetter('text'),
      getBadgeBackgroundColor: badgeGetter('color'),
      getBadgeTextColor: badgeGetter('textColor'),
      getTitle: badgeGetter('title'),
      /** Every action call, in order. */
      __calls: calls,
      /** The badge as set for this tab (per-tab values over global ones). */
      __badge: (tabId: number): BadgeState => ({ ...badges.get('global'), ...badges.get(tabId) }),
    },
    commands: {
      onCommand: event<(command: string, tab?: FakeTab) => void>(),
      getAll: async () => [] as Array<{ name: string; shortcut?: string }>,
    },
    i18n: {
      getMessage,
      getUILanguage: () => 'en',
    },

    /** Forget everything: storage, tabs, badges, recorded calls, listeners. */
    __reset(): void {
      for (const area of [fake.storage.local, fake.storage.session, fake.storage.sync]) area.data.clear();
      tabs.clear();
      nextTabId = 1;
      tabHandlers.clear();
      sent.length = 0;
      created.length = 0;
      badges.clear();
      calls.length = 0;
      fake.__clearListeners();
    },
    /** Drop every listener (a service worker restart: storage survives, listeners do not). */
    __clearListeners(): void {
      for (const e of events) e.__clear();
      for (const area of [fake.storage.local, fake.storage.session, fake.storage.sync]) area.onChanged.__clear();
    },
  };
  return fake;
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>;

const holder = globalThis as { __wiretraceFakeBrowser?: FakeBrowser };
/** The one fake, shared by every module registry of this test file. */
export const fakeBrowser: FakeBrowser = (holder.__wiretraceFakeBrowser ??= createFakeBrowser());

export default fakeBrowser;
