// Builds the browser extension from the top-level manifest.json with @crxjs/vite-plugin.
//   vite build --mode chrome   → dist/chrome  (MV3 service worker)
//   vite build --mode firefox  → dist/firefox (MV3 background scripts + gecko settings)
// `npm run build` runs both and packs dist/wiretrace-chrome.zip and dist/wiretrace-firefox.xpi
// (scripts/build-extension.mjs). With WIRETRACE_TIMINGS=1 (the browser benchmark's build, `--timings`) the
// checks time their phases (src/shared/timings.ts) and the output goes to dist/<browser>-timings.
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };

/** The extension id Firefox needs for storage and installation; it never changes once published. */
export const GECKO_ID = 'wiretrace@wiretrace.dev';

/**
 * The content script is one self-contained file: no loader, so no web_accessible_resources a page could probe.
 * crxjs finds it through manifest.json's content_scripts entry, which the build then strips (the background
 * registers the script: scripts/manifest-rules.mjs `automaticManifest` says why the entry stays).
 */
const CONTENT_SCRIPT = 'src/content/main.ts';

/** Extension pages that the manifest does not name (crxjs only builds the ones it references). */
const EXTRA_PAGES = {
  compare: 'src/ui/compare/index.html',
  welcome: 'src/ui/welcome/index.html',
};

export function manifestFor(browser: 'chrome' | 'firefox'): ManifestV3Export {
  if (browser === 'chrome') return baseManifest as ManifestV3Export;
  const { background, ...rest } = baseManifest;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        // Nothing is collected or transmitted: https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as unknown as ManifestV3Export;
}

export default defineConfig(({ mode }) => {
  const browser = mode === 'firefox' ? 'firefox' : 'chrome';
  const timings = process.env.WIRETRACE_TIMINGS === '1';
  return {
    plugins: [crx({ manifest: manifestFor(browser), browser, contentScripts: { standaloneFiles: [CONTENT_SCRIPT] } })],
    define: { __WIRETRACE_TIMINGS__: JSON.stringify(timings) },
    build: {
      outDir: `dist/${browser}${timings ? '-timings' : ''}`,
      emptyOutDir: true,
      // Readable output for store review; the size cost is small and nothing is downloaded at run time.
      minify: false,
      rollupOptions: { input: EXTRA_PAGES },
    },
  };
});
