/** Types for scripts/manifest-rules.mjs (used by test/scripts). */
export type Flavour = 'chrome' | 'firefox' | 'chrome-per-site';
export declare const CONTENT_SCRIPT_FILE: string;
export declare const WEB_PATTERNS: string[];
export declare const FLAVOUR_PERMISSIONS: Record<Flavour, string[]>;
/** The default flavours' manifest: no static content script; `scripting` and host access to the web (see the .mjs). */
export declare function automaticManifest(manifest: Record<string, unknown>): Record<string, unknown>;
export declare function perSiteManifest(manifest: Record<string, unknown>): Record<string, unknown>;
export declare function checkManifest(dir: string, flavour?: Flavour): void;
