// Builds the browser extension from the top-level manifest.json with @crxjs/vite-plugin.
//   vite build --mode chrome   → dist/chrome  (MV3 service worker)
//   vite build --mode firefox  → dist/firefox (MV3 background scripts + gecko settings)
// `npm run build` runs both and packs dist/wiretrace-chrome.zip and dist/wiretrace-firefox.xpi
// (scripts/build-extension.mjs). With WIRETRACE_TIMINGS=1 (the browser benchmark's build, `--timings`) the
// checks time their phases (src/shared/timings.ts) and the output goes to dist/<browser>-timings.
import { resolve } from 'node:path';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { build, defineConfig, type Plugin, type ResolvedConfig } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };

/** The extension id Firefox needs for storage and installation; it never changes once published. */
export const GECKO_ID = 'wiretrace@wiretrace.dev';

/**
 * The content script is one self-contained file: no loader, so no web_accessible_resources a page could probe.
 * manifest.json's content_scripts entry names it; the build leaves that entry out of the manifest it gives
 * crxjs and builds the file itself (`contentScriptIife`); the background registers the script
 * (scripts/manifest-rules.mjs `automaticManifest`).
 */
const CONTENT_SCRIPT = baseManifest.content_scripts[0].js[0];

/**
 * Builds CONTENT_SCRIPT as one IIFE file (src/content/main.js) with Vite's library mode, which bundles an IIFE
 * without code splitting (dynamic imports inlined). Not crxjs's `contentScripts.standaloneFiles`: crxjs 3.0.0
 * sets `inlineDynamicImports: true` on that build, which Vite 8 (Rolldown) ignores with a warning on every
 * build ("inlineDynamicImports option is ignored because codeSplitting: false is set").
 */
function contentScriptIife(entry: string): Plugin {
  let config: ResolvedConfig;
  const fileName = entry.replace(/\.ts$/, '.js');
  return {
    name: 'wiretrace:content-script-iife',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      const result = await build({
        configFile: false,
        root: config.root,
        mode: config.mode,
        logLevel: 'warn',
        resolve: config.resolve,
        define: config.define,
        build: {
          write: false,
          emptyOutDir: false,
          copyPublicDir: false,
          minify: config.build.minify,
          target: config.build.target,
          lib: { entry: resolve(config.root, entry), formats: ['iife'], name: 'main', fileName: () => fileName },
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
      const [chunk, ...others] = outputs;
      if (chunk?.type !== 'chunk' || others.length > 0) {
        throw new Error(`${entry} must build to one self-contained file, got ${outputs.map((o) => o.fileName).join(', ')}`);
      }
      this.emitFile({ type: 'asset', fileName, source: chunk.code });
    },
  };
}

/** Extension pages that the manifest does not name (crxjs only builds the ones it references). */
const EXTRA_PAGES = {
  compare: 'src/ui/compare/index.html',
  welcome: 'src/ui/welcome/index.html',
};

/** The manifest crxjs builds from: manifest.json without its content_scripts entry (see CONTENT_SCRIPT). */
export function manifestFor(browser: 'chrome' | 'firefox'): ManifestV3Export {
  const { content_scripts: _contentScript, ...manifest } = baseManifest;
  if (browser === 'chrome') return manifest as ManifestV3Export;
  const { background, ...rest } = manifest;
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
    plugins: [crx({ manifest: manifestFor(browser), browser }), contentScriptIife(CONTENT_SCRIPT)],
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
