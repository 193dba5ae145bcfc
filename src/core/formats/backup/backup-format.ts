/**
 * The WireTrace backup file (docs/IMPORT-FORMATS.md, "Backup files"): gzip-compressed JSON Lines.
 *
 *   line 1       header   {"wiretrace":"backup","version":2,"createdAt":…,"settings":{…},"counts":{…}}
 *   lines 2…n+1  records  {"id","title","outlet","url","published","byline","text","origin","addedAt"}
 *   then         history  {"wiretrace":"history","entry":{…}}   (version 2; one per reading-history entry)
 *   last line    end      {"wiretrace":"end","records":n,"history":h}
 *
 * Version 2 added the reading history (when the reader keeps one); version 1 files, which have none, are
 * still read. History entries are carried as they are, like the settings: the store checks them.
 *
 * Why this shape: gzip streams both ways with bounded memory (fflate's `Gzip`/`Gunzip`, one chunk at a time,
 * whereas a zip's directory comes last), and JSON Lines is what the importers and the CLI already read: the
 * record lines are ordinary corpus records with three more fields. The end line carries the number of records
 * actually written (the corpus may change while it is exported, so the header's counts are only what it held
 * when the export began); a file cut anywhere lacks it or disagrees with it, and is refused whole.
 *
 * Pure: no DOM, no storage. Settings and history entries are carried as they are; the caller repairs or
 * checks them (`normaliseSettings`, `parseHistoryEntry`).
 */
import type { RecordFields } from '../../types';

export const BACKUP_MARK = 'backup';
export const BACKUP_END_MARK = 'end';
export const BACKUP_HISTORY_MARK = 'history';
/** The version this build writes and the newest it reads (1: records and settings; 2: + reading history). */
export const BACKUP_VERSION = 2;
/** More history lines than this make a damaged file (the store keeps far fewer: HISTORY_LIMIT). */
export const MAX_BACKUP_HISTORY = 100_000;

export type BackupOrigin = 'import' | 'capture';

export interface BackupCounts {
  records: number;
  imported: number;
  captured: number;
  /** Reading-history entries (0 in version 1). */
  history: number;
}

export interface BackupHeader {
  wiretrace: typeof BACKUP_MARK;
  version: number;
  /** ISO time the export began. */
  createdAt: string;
  /** The settings as stored (`Settings` of src/shared/settings.ts); repaired on restore. */
  settings: unknown;
  /** What the corpus held when the export began (shown before a restore; the end line is authoritative). */
  counts: BackupCounts;
}

/** One article with everything needed to restore it exactly. */
export interface BackupRecord extends RecordFields {
  text: string;
  origin: BackupOrigin;
  /** ISO time it was added (for captured pages: when the reader read them, shown as "seen before"). */
  addedAt: string;
}

/** A backup that cannot be restored: the message is for the reader. */
export class BackupError extends Error {
  override name = 'BackupError';
  /** @param isBackup the file is a backup (its header says so) that cannot be read, rather than another file */
  constructor(message: string, readonly isBackup = false) {
    super(message);
  }
}

export function encodeHeader(header: BackupHeader): string {
  return `${JSON.stringify(header)}\n`;
}

/**
 * The fields a backup keeps of an article, in a fixed key order (so that two backups of the same corpus are
 * byte-identical apart from createdAt); extra fields of a stored record are left out.
 */
export function backupRecordOf(r: Omit<BackupRecord, 'byline'> & { byline?: string | null }): BackupRecord {
  return {
    id: r.id,
    title: r.title,
    outlet: r.outlet,
    url: r.url,
    published: r.published,
    byline: r.byline ?? null,
    text: r.text,
    origin: r.origin,
    addedAt: r.addedAt,
  };
}

export function encodeRecord(r: BackupRecord): string {
  return `${JSON.stringify(backupRecordOf(r))}\n`;
}

export function encodeHistory(entry: unknown): string {
  return `${JSON.stringify({ wiretrace: BACKUP_HISTORY_MARK, entry })}\n`;
}

export function encodeEnd(records: number, history: number): string {
  return `${JSON.stringify({ wiretrace: BACKUP_END_MARK, records, history })}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

/** True when a parsed JSON value is a backup header (of any version): the importers use it to recognise a backup. */
export function isBackupHeader(value: unknown): boolean {
  return isObject(value) && value.wiretrace === BACKUP_MARK;
}

/** True when a parsed JSON value is a backup's reading-history line (version 2). */
export function isBackupHistory(value: unknown): boolean {
  return isObject(value) && value.wiretrace === BACKUP_HISTORY_MARK;
}

/** True when a parsed JSON value is a backup's end line. */
export function isBackupEnd(value: unknown): boolean {
  return isObject(value) && value.wiretrace === BACKUP_END_MARK;
}

/** The importers' issue for a backup given to a plain import (the extension restores backups on their own path). */
export const BACKUP_REFUSED =
  'this is a WireTrace backup, not a list of articles: restore it with "Restore a backup" (imported as articles it would lose its settings and the articles\' origin and times)';

export const NOT_A_BACKUP = 'This file is not a WireTrace backup (its first line is not a backup header).';

export function parseHeader(line: string): BackupHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupError(NOT_A_BACKUP);
  }
  if (!isBackupHeader(value)) throw new BackupError(NOT_A_BACKUP);
  const h = value as Record<string, unknown>;
  if (typeof h.version !== 'number' || !Number.isInteger(h.version) || h.version < 1) throw new BackupError('The backup header has no valid version.', true);
  if (h.version > BACKUP_VERSION) {
    throw new BackupError(`This backup was made by a newer WireTrace (backup version ${h.version}; this one reads up to ${BACKUP_VERSION}). Update WireTrace first.`, true);
  }
  const counts = isObject(h.counts) ? h.counts : {};
  return {
    wiretrace: BACKUP_MARK,
    version: h.version,
    createdAt: typeof h.createdAt === 'string' ? h.createdAt : '',
    settings: h.settings ?? null,
    counts: { records: count(counts.records), imported: count(counts.imported), captured: count(counts.captured), history: count(counts.history) },
  };
}

const optionalString = (v: unknown): v is string | null | undefined => v === null || v === undefined || typeof v === 'string';

/** One line after the header, parsed once: a record, a history entry (version 2) or the end line. */
export type BackupLine = { kind: 'record'; record: BackupRecord } | { kind: 'history'; entry: unknown } | { kind: 'end'; records: number; history: number };

export function parseLine(line: string, lineNo: number): BackupLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupError(`The backup is damaged: line ${lineNo} is not valid JSON.`);
  }
  if (isBackupEnd(value)) {
    const { records, history } = value as Record<string, unknown>;
    const n = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
    const r = n(records);
    if (r === null) throw new BackupError(`The backup is damaged: its end line (line ${lineNo}) has no record count.`);
    return { kind: 'end', records: r, history: n(history) ?? 0 };
  }
  if (isBackupHistory(value)) {
    if (!isObject((value as Record<string, unknown>).entry)) throw new BackupError(`The backup is damaged: line ${lineNo} has a history entry that is not an object.`);
    return { kind: 'history', entry: (value as Record<string, unknown>).entry };
  }
  return { kind: 'record', record: parseRecord(value, lineNo) };
}

/** A record line, checked field by field: a backup restores exactly or not at all, so nothing is guessed. */
function parseRecord(value: unknown, lineNo: number): BackupRecord {
  const bad = (why: string): never => {
    throw new BackupError(`The backup is damaged: line ${lineNo} ${why}.`);
  };
  if (!isObject(value)) return bad('is not a record');
  const r = value;
  if (typeof r.id !== 'string' || r.id === '') bad('has no id');
  if (typeof r.text !== 'string') bad('has no text');
  for (const k of ['title', 'outlet', 'url', 'published', 'byline'] as const) if (!optionalString(r[k])) bad(`has a ${k} that is not text`);
  if (r.origin !== 'import' && r.origin !== 'capture') bad('has no origin ("import" or "capture")');
  if (typeof r.addedAt !== 'string' || Number.isNaN(Date.parse(r.addedAt))) bad('has no valid addedAt time');
  const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    id: r.id as string,
    title: s(r.title),
    outlet: s(r.outlet),
    url: s(r.url),
    published: s(r.published),
    byline: s(r.byline),
    text: r.text as string,
    origin: r.origin as BackupOrigin,
    addedAt: r.addedAt as string,
  };
}

/** "wiretrace-backup-2024-03-01.jsonl.gz" (the local date). The CLI reads the name's `.jsonl.gz` as it is. */
export function backupFileName(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `wiretrace-backup-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.jsonl.gz`;
}
