/** Types for scripts/find-browsers.mjs (used by the e2e harness). */
export declare class BrowserNotFoundError extends Error {}
export interface FindOptions {
  /** Try `apt-get install` when missing and running as root (default true). */
  install?: boolean;
  log?: (message: string) => void;
}
export declare function findChromium(options?: FindOptions): string;
export declare function findFirefox(options?: FindOptions): string;
export declare function hasDisplay(env?: NodeJS.ProcessEnv): boolean;
