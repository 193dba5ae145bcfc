/**
 * The constructors of the host types in host.d.ts. A separate file because a program that sees Node's
 * types (tsconfig.formats.json, through @types/papaparse) gets them from there and would clash with these.
 */
declare const TextEncoder: { prototype: TextEncoder; new (): TextEncoder };
declare const TextDecoder: { prototype: TextDecoder; new (label?: string, options?: TextDecoderOptions): TextDecoder };
