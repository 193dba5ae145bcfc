/**
 * A small webextension-polyfill fake for the page tests: `storage.local` in memory and a recorded
 * `runtime.sendMessage`. Test files install it with
 * `jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('./browser-fake').browserFake }))`.
 */
export const storageData: Record<string, unknown> = {};

export const sendMessage = jest.fn(async (_message: unknown): Promise<unknown> => ({ articles: 0, storageError: null }));

export const storageSet = jest.fn(async (items: Record<string, unknown>): Promise<void> => {
  Object.assign(storageData, JSON.parse(JSON.stringify(items)));
});

async function storageGet(keys?: string | string[] | Record<string, unknown> | null): Promise<Record<string, unknown>> {
  if (keys === null || keys === undefined) return { ...storageData };
  const names = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
  const out: Record<string, unknown> = {};
  for (const k of names) if (k in storageData) out[k] = JSON.parse(JSON.stringify(storageData[k]));
  return out;
}

export const browserFake = {
  runtime: { sendMessage, getURL: (p: string) => `chrome-extension://test/${p.replace(/^\//, '')}`, openOptionsPage: jest.fn(async () => undefined) },
  storage: { local: { get: jest.fn(storageGet), set: storageSet } },
};

export function resetBrowserFake(): void {
  for (const k of Object.keys(storageData)) delete storageData[k];
  sendMessage.mockClear();
  storageSet.mockClear();
}

/** The message types sent to the background so far. */
export function sentTypes(): string[] {
  return sendMessage.mock.calls.map(([m]) => (m as { type: string }).type);
}
