/**
 * The host APIs the engine uses beyond ECMAScript (lib ES2023): the Encoding Standard's UTF-8 codec, which
 * browsers, workers and Node all provide. Declared here, shaped as in lib.dom, so that the engine's own
 * typecheck (tsconfig.json: no DOM, no Node types) fails on any other host API. These are the types;
 * host-globals.d.ts declares the constructors. Only the engine's typecheck reads them (the repository's
 * gets both from lib.dom).
 */
interface TextEncoder {
  encode(input?: string): Uint8Array;
}

interface TextDecodeOptions {
  stream?: boolean;
}
interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecoder {
  readonly encoding: string;
  decode(input?: Uint8Array, options?: TextDecodeOptions): string;
}
