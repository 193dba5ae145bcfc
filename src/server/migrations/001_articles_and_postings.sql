-- WireTrace team corpus, schema 1: articles, the engine's postings, API tokens.
--
-- Postings are the keys the local CorpusIndex stores (src/core/corpus-index.ts): the winnowed 5-word
-- shingle fingerprints of each article (verbatim channel) and the MinHash-LSH band keys of its sentences
-- (reworded channel), each an unsigned 32-bit hash stored as a signed int4 (same bits). A posting is
-- (key, ord): the article's ordinal, assigned in import order as the local index does.
--
-- Both posting tables are hash-partitioned by key, so that all postings of a key live in one partition,
-- and carry no foreign key to articles: with Citus, create_distributed_table('fingerprint_postings', 'key')
-- shards them by key across workers without changing a query (see docs/SERVER.md).

CREATE TABLE articles (
  ord          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text        NOT NULL,
  outlet       text,
  url          text,
  title        text,
  byline       text,
  -- ISO 8601 as the importer gave it (kept as text: matches report it as it is).
  published    text,
  added        timestamptz NOT NULL DEFAULT now(),
  -- SHA-256 of the text lower-cased with whitespace runs collapsed: the importer's duplicate test.
  content_hash bytea       NOT NULL,
  -- Token count of the text.
  words        integer     NOT NULL,
  -- UTF-8 text, raw DEFLATE (RFC 1951); stored as it is (already compressed, so no TOAST compression).
  text_deflate bytea       NOT NULL,
  CONSTRAINT articles_id_unique UNIQUE (id),
  CONSTRAINT articles_content_hash_unique UNIQUE (content_hash)
);
ALTER TABLE articles ALTER COLUMN text_deflate SET STORAGE EXTERNAL;

-- The live article count (document-frequency limits and health need it; count(*) would scan the table).
-- Kept by ingest and delete in the same transaction as the rows.
CREATE TABLE corpus_stats (
  one      boolean PRIMARY KEY DEFAULT true CHECK (one),
  articles bigint  NOT NULL
);
INSERT INTO corpus_stats (articles) VALUES (0);

CREATE TABLE fingerprint_postings (
  key integer NOT NULL,
  ord integer NOT NULL,
  PRIMARY KEY (key, ord)
) PARTITION BY HASH (key);

CREATE TABLE passage_postings (
  key integer NOT NULL,
  ord integer NOT NULL,
  PRIMARY KEY (key, ord)
) PARTITION BY HASH (key);

DO $$
BEGIN
  FOR i IN 0..15 LOOP
    EXECUTE format('CREATE TABLE fingerprint_postings_p%s PARTITION OF fingerprint_postings FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i);
    EXECUTE format('CREATE TABLE passage_postings_p%s PARTITION OF passage_postings FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i);
  END LOOP;
END $$;

CREATE TABLE api_tokens (
  name      text        NOT NULL,
  role      text        NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
  -- SHA-256 of the token: the token itself is shown once and never stored.
  hash      bytea       PRIMARY KEY,
  created   timestamptz NOT NULL DEFAULT now(),
  last_used timestamptz,
  revoked   timestamptz
);
-- One live token per name; revoked ones are kept for the record.
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked IS NULL;
