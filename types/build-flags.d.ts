/**
 * Build-time flags, replaced by vite's `define` (vite.config.ts) and set as globals by jest (jest.config.cjs).
 * `__WIRETRACE_TIMINGS__`: the extension times its checks for the browser benchmark (src/shared/timings.ts);
 * true only in the bench's build (`node scripts/build-extension.mjs --timings` → dist/chrome-timings).
 */
declare const __WIRETRACE_TIMINGS__: boolean | undefined;
