/**
 * Globals that jsdom 26 leaves out but modules use at load time (the index's binary writer creates a
 * TextEncoder when imported; fake-indexeddb needs structuredClone). Import this before those modules.
 */
import { deserialize, serialize } from 'node:v8';
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'node:util';

const g = globalThis as { TextEncoder?: unknown; TextDecoder?: unknown; structuredClone?: (value: unknown) => unknown };
g.TextEncoder ??= NodeTextEncoder;
g.TextDecoder ??= NodeTextDecoder;
g.structuredClone ??= (value: unknown) => deserialize(serialize(value));
