/** Named limits and defaults of the importers. Sizes of text are counted in UTF-16 code units (≈ bytes). */

const KiB = 1024;
const MiB = 1024 * KiB;

/** Bytes looked at to recognise a file's format and its text encoding. */
export const SNIFF_BYTES = 64 * KiB;

/**
 * Bytes after the first non-ASCII byte of a file that looks like UTF-8 during which its text is held back, in
 * case an invalid sequence shows it is Windows-1252 after all (see `Utf8Decoder` in text-decoding.ts).
 */
export const UNDECIDED_HOLD_BYTES = 1 * MiB;

/** Bytes looked at for the NUL-byte pattern that gives away UTF-16 without a byte-order mark. */
export const UTF16_SNIFF_BYTES = 4 * KiB;

/**
 * Largest record-sized piece of text held in memory at once: a whole `.txt`/`.html` file, a lone JSON object,
 * one JSONL line, one JSON array element or one CSV row. Anything bigger is skipped with an issue.
 */
export const MAX_RECORD_CHARS = 64 * MiB;

/**
 * Record text of one zip entry held back until the entry's CRC-32 is checked (held-events.ts): a damaged
 * entry up to this size is skipped whole; a bigger one streams on and a bad checksum is only reported.
 */
export const ENTRY_HOLD_CHARS = 16 * MiB;

/** Input chunks are cut into slices of at most this size so a single huge chunk cannot flood the event queue. */
export const MAX_SLICE_BYTES = 256 * KiB;

/**
 * Compressed bytes pushed into a decompressor at once. Deflate expands at most ~1032×, so one push yields at
 * most ~16 MB of text before the importer gets to hand out the records it produced.
 */
export const COMPRESSED_SLICE_BYTES = 16 * KiB;

/** Archives inside archives are followed this deep (a zip in a zip is depth 2). */
export const MAX_ARCHIVE_DEPTH = 3;

/** Share of control characters (other than tab, newlines, form feed) above which a file counts as binary. */
export const BINARY_CONTROL_RATIO = 0.02;

/** Issues kept by `collectImport`; further ones are only counted. */
export const MAX_KEPT_ISSUES = 1000;

/** Chunk size used by `bytesSource` when it splits an in-memory file. */
export const DEFAULT_CHUNK_BYTES = 64 * KiB;

/** Human-readable form of a byte count used in messages ("64 MB"). */
export function formatSize(chars: number): string {
  return chars >= MiB ? `${Math.round(chars / MiB)} MB` : `${Math.round(chars / KiB)} KB`;
}
