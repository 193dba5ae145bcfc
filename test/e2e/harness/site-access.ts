/// <reference types="chrome" />
/**
 * What the per-site build needs from Chromium that a page cannot do: click the toolbar button, and accept
 * a site permission. Both found by experiment on Chromium 156 (docs/SECURITY.md, "Per-site mode"):
 *
 * - The toolbar click: CDP `Extensions.triggerAction` on the tab's *tab* target (not its page target) runs
 *   the action as a click does: the popup opens and the extension holds `activeTab` for that tab. Needs
 *   --enable-unsafe-extension-debugging and a pipe connection (playwright's launch uses one).
 * - The permission prompt cannot be answered in a test (a `permissions.request` stays pending). What the
 *   user does in chrome://extensions can: `developerPrivate.addHostPermission` there approves a site, and
 *   the extension's own `permissions.request` for it then resolves `true` without a prompt. The grant itself
 *   still goes through the extension's request, its `permissions.onAdded` and its registration.
 */
import type { Page } from 'playwright-core';
import type { ChromiumExtension } from '../../../tools/browser';

export const SITE_ACCESS_FLAGS = ['--enable-unsafe-extension-debugging'];

/** Clicks the extension's toolbar button for `page`'s tab (see above). `page`'s URL must be unique among the tabs. */
export async function clickToolbarButton(ext: ChromiumExtension, page: Page): Promise<void> {
  const browser = ext.context.browser();
  if (!browser) throw new Error('no browser to open a CDP session on');
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tabs = targetInfos.filter((t) => t.type === 'tab' && t.url === page.url());
    if (tabs.length !== 1) throw new Error(`expected one tab at ${page.url()}, found ${tabs.length}`);
    await session.send('Extensions.triggerAction', { id: ext.extensionId, targetId: tabs[0].targetId });
  } finally {
    await session.detach().catch(() => undefined);
  }
}

type HostChange = 'addHostPermission' | 'removeHostPermission';

/** chrome://extensions' own API (`chrome.developerPrivate`), which its "Site access" controls call. */
async function siteAccessInBrowser(ext: ChromiumExtension, change: HostChange, pattern: string): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(
      ([how, id, p]) => (chrome as unknown as { developerPrivate: Record<HostChange, (id: string, host: string) => Promise<void>> }).developerPrivate[how](id, p),
      [change, ext.extensionId, pattern] as const,
    );
  } finally {
    await page.close();
  }
}

/** Approves `pattern` for the extension as the user would in chrome://extensions ("Site access"). */
export const approveSiteInBrowser = (ext: ChromiumExtension, pattern: string): Promise<void> => siteAccessInBrowser(ext, 'addHostPermission', pattern);

/** Removes the site in chrome://extensions, as the user would: the extension learns it from `permissions.onRemoved`. */
export const revokeSiteInBrowser = (ext: ChromiumExtension, pattern: string): Promise<void> => siteAccessInBrowser(ext, 'removeHostPermission', pattern);

/** The content scripts the extension registered (`scripting.getRegisteredContentScripts`), as id → matches. */
export async function registeredScripts(ext: ChromiumExtension): Promise<Record<string, string[]>> {
  return ext.serviceWorker.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const s of await chrome.scripting.getRegisteredContentScripts()) out[s.id] = s.matches ?? [];
    return out;
  });
}

export async function grantedOrigins(ext: ChromiumExtension): Promise<string[]> {
  return ext.serviceWorker.evaluate(async () => (await chrome.permissions.getAll()).origins ?? []);
}
