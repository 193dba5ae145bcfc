/**
 * Browser tooling shared by `npm start` (tools/start.ts), the e2e tests (test/e2e) and the browser benchmark
 * (bench/browser): finding the browsers, launching Chromium (playwright-core) and Firefox (puppeteer-core
 * over WebDriver BiDi) with the built extension, the local page server, and the pages both the tests and
 * the benchmark serve (the AEB set, the pathological pages).
 */
export { BrowserNotFoundError, findChromium, findFirefox, hasDisplay, type FindOptions } from './find-browsers';
export { builtExtension, CHROME_DIST, FIREFOX_DIST, ROOT, SCREENSHOTS_VAR, screenshotDir, screenshotPath } from './paths';
export {
  chromiumFlags,
  launchChromium,
  launchChromiumContext,
  OFFLINE_RESOLVER_RULES,
  waitForExtension,
  type ChromiumExtension,
  type ChromiumOptions,
} from './chromium';
export { importReady, importThroughOptions } from './options-import';
export { findPage, launchFirefox, type FirefoxExtension } from './firefox';
export { pollTabResults, type ExtensionDriver, type TabResultsWait } from './driver';
export { serveDirectory, type ServeOptions, type StaticServer } from './server';
export { aebPageIds, AEB_DIR, writeAebSite } from './aeb-site';
export * from './pathological';
