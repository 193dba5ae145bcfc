/**
 * The HTTP API's request and response bodies, version 1 (paths start with /v1). Shared by the server's
 * routes and the CLI's client; every field is listed in docs/SERVER.md.
 */
import type { CorpusRecord, RecordFields } from '@wiretrace/engine';

export const API_PREFIX = '/v1';

/** Content type of `POST /v1/articles`: one JSON `CorpusRecord` per line. */
export const NDJSON = 'application/x-ndjson';

export interface HealthResponse {
  ok: true;
  articles: number;
  /** WireTrace version of the server. */
  version: string;
  /** Schema version of the database (the newest migration applied). */
  schema: number;
}

/** A line of an ingest body that was not added, with why. */
export interface IngestIssue {
  /** 1-based line number in the request body. */
  line: number;
  reason: string;
}

export interface IngestResponse {
  imported: number;
  duplicates: number;
  skipped: number;
  issues: IngestIssue[];
  /**
   * 1-based lines of records with a new text whose id another article already holds: not added; the client
   * sends them again under a file-scoped id (the import identity rule, `Deduper.admit`).
   */
  idTaken: number[];
}

/** `POST /v1/candidates`: a page's index keys (unsigned 32-bit), never its text. */
export interface CandidatesRequest {
  /** The page's winnowed shingle fingerprints (`Analysis.fingerprints`). */
  fingerprints: number[];
  /** The page's passage LSH band keys (`Analysis.passageKeys`). */
  passageKeys: number[];
}

export interface CandidatesResponse {
  /** Articles in the corpus when the query ran. */
  articles: number;
  /** Candidate sources, best first, with their texts: the client aligns them with the page. */
  candidates: CorpusRecord[];
  /** Which of the request's keys are boilerplate in the corpus (posted by too many articles). */
  boilerplate: CandidatesRequest;
}

/** `GET /v1/articles`: default and largest page size. */
export const LIST_DEFAULT_LIMIT = 50;
export const LIST_MAX_LIMIT = 500;
/** Longest `q` of `GET /v1/articles`. */
export const MAX_QUERY_CHARS = 200;

/** An article's metadata, as listed by `GET /v1/articles` (no text). */
export interface ArticleSummary extends RecordFields {
  /** When the server stored it (ISO 8601, UTC). */
  added: string;
  /** Token count of the text. */
  words: number;
  /** Size of the stored (deflated) text in bytes. */
  bytes: number;
}

/** `GET /v1/articles/:id`: the metadata and the text. */
export interface ArticleResponse extends ArticleSummary {
  text: string;
}

/** `GET /v1/articles?q=&limit=&after=`: one page, in import order. */
export interface ArticleListResponse {
  articles: ArticleSummary[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/** `DELETE /v1/articles/:id` (admin). */
export interface DeleteResponse {
  deleted: string;
  /** Articles left in the corpus. */
  articles: number;
}

/** Error bodies (Fastify's shape). */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
}
