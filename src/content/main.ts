/**
 * The content script's entry, registered by the background (src/background/site-scripts.ts) and, in the
 * per-site build, injected on a toolbar click. Built by vite.config.ts as ONE self-contained IIFE at
 * src/content/main.js (the source manifest's `content_scripts` entry is only that build's input: see
 * scripts/manifest-rules.mjs `automaticManifest`): nothing here may be imported dynamically, or the build
 * would add a loader and web-accessible chunks that any page could probe for.
 */
import browser from 'webextension-polyfill';
import { sendToBackground } from '../shared/send';
import { loadSettings } from '../shared/settings';
import { ContentApp } from './app';
import { sendWithRetry } from './send-with-retry';

// The per-site build injects this file on a toolbar click (scripting.executeScript), possibly into a page
// where it already runs (a second click, or a granted site's registered script): one app per page. The flag
// lives in the extension's isolated world, which the page cannot see or set.
const started = globalThis as { __wiretraceStarted?: boolean };
if (!started.__wiretraceStarted) {
  started.__wiretraceStarted = true;
  // A message lost because the service worker was stopped under it is sent again (send-with-retry.ts).
  const app = new ContentApp({ win: window, send: sendWithRetry(sendToBackground), loadSettings });
  browser.runtime.onMessage.addListener((msg: unknown) => app.handle(msg));
  void app.start();
}
