// Builds the browser extension from the top-level manifest.json with @crxjs/vite-plugin.
// The extension's scripts (content, background, popup, options, compare) arrive with the extension
// issue; until then this builds the manifest and icons into dist/chrome, so the pipeline is in place.
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [crx({ manifest })],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
  },
});
