-- Raw and audit tables that the pipeline writes; dbt reads them as sources.
-- Every statement is idempotent so that any writer may run this file first.
create schema if not exists raw;
create schema if not exists audit;

-- One row per input document (a file, or one line of a .jsonl file), keyed by content hash.
create table if not exists raw.documents (
    document_id      varchar not null,  -- sha256 of the normalised text, first 16 hex digits
    source_uri       varchar not null,     -- input path (or path#line for JSON lines)
    source_name      varchar,              -- outlet, when the input says or it can be inferred
    input_format     varchar not null,     -- txt | html | jsonl
    encoding         varchar not null,     -- the encoding the bytes were decoded from
    byte_count       bigint not null,
    url              varchar,
    published_at     timestamp,
    batch_id         varchar not null,
    ingested_at      timestamp not null
);
-- The input as decoded, so that new cross-document evidence can clean it again (added later:
-- older warehouses get the columns, NULL for their documents).
alter table raw.documents add column if not exists title varchar;
alter table raw.documents add column if not exists text varchar;
-- Where outlet, URL, date and author came from (given | inferred | none), and the author.
alter table raw.documents add column if not exists author varchar;
alter table raw.documents add column if not exists metadata_source varchar;
alter table raw.documents add column if not exists extractor varchar;  -- trafilatura for a page

-- Added later: warehouses made before it get the column here.
alter table raw.documents add column if not exists external_id varchar;  -- the JSON line's own id

-- One row per article cut from a document (a page of several reports gives several rows).
create table if not exists raw.articles (
    article_id                 varchar not null,  -- document_id + ':' + source_part
    document_id                varchar not null,
    source_part                integer not null,
    title                      varchar,
    clean_text                 varchar not null,
    raw_char_count             bigint not null,
    boilerplate_chars_removed  bigint not null,
    language                   varchar not null,     -- ISO 639-1, or 'und'
    language_confidence        double not null,
    extraction_status          varchar not null,     -- ok | skipped_language | failed | pending
    extraction_error           varchar,
    batch_id                   varchar not null,
    ingested_at                timestamp not null
);

-- One row per line of an article's clean_text: structure is marked, not deleted.
create table if not exists raw.article_blocks (
    article_id   varchar not null,
    block_index  integer not null,   -- 0.. within the article
    kind         varchar not null,   -- heading | entry_head | paragraph
    start_char   integer not null,   -- offsets into raw.articles.clean_text
    end_char     integer not null
);

-- One row per attributed statement found by the NLP stage.
create table if not exists raw.quotes (
    quote_id            varchar not null,
    article_id          varchar not null,
    quote_text          varchar not null,
    quote_type          varchar not null,   -- direct | indirect | mixed
    speaker_text        varchar,
    speaker_mention_id  varchar,            -- the mention the speaker resolved to, if any
    cue_verb            varchar,               -- lemma of the cue (say, tell, according)
    start_char          integer not null,
    end_char            integer not null,
    sentence_index      integer not null,
    attribution_kind    varchar,               -- speech | thought | intention | other
    extraction_method   varchar                -- the named rule or the model that found it
);
-- Warehouses created before these columns existed get them (NULL for the rows already loaded).
alter table raw.quotes add column if not exists attribution_kind varchar;
alter table raw.quotes add column if not exists extraction_method varchar;

-- One row per named mention of a person, organization or location.
create table if not exists raw.mentions (
    mention_id       varchar not null,
    article_id       varchar not null,
    mention_text     varchar not null,     -- as written, titles stripped
    entity_label     varchar not null,     -- spaCy label: PERSON, ORG, GPE, ...
    actor_type       varchar not null,     -- person | organization | location
    name_key         varchar not null,     -- normalised form (accents, al-/el-, transliteration)
    article_key      varchar not null,     -- name_key of the fullest form this mention refers to in its article
    link_method      varchar not null,     -- exact | surname_in_article | acronym_in_article
    start_char       integer not null,
    end_char         integer not null,
    sentence_index   integer not null
);

create table if not exists audit.rejected_inputs (
    source_uri   varchar not null,
    reason       varchar not null,
    detail       varchar,
    rejected_at  timestamp not null
);

create table if not exists audit.boilerplate_removed (
    article_id  varchar not null,
    line_no     integer not null,
    text        varchar not null,
    rule        varchar not null
);

-- One row per quote or mention the extraction stage emitted but could not trust (newsetl.validate):
-- kept out of raw.* so that one bad row never fails dbt build for the whole batch.
create table if not exists audit.quarantined_rows (
    table_name      varchar not null,   -- raw table the row was meant for: quotes | mentions
    row_id          varchar,            -- its quote_id / mention_id
    article_id      varchar not null,
    reason          varchar not null,   -- bad_offsets | empty_text | text_mismatch | unknown_value | ...
    detail          varchar,
    row_json        varchar not null,   -- the row as emitted (long strings cut), for debugging
    quarantined_at  timestamp not null
);

create table if not exists audit.load_batches (
    batch_id          varchar not null,
    documents_read    integer not null,
    documents_new     integer not null,
    articles_loaded   integer not null,
    rejected          integer not null,
    started_at        timestamp not null,
    finished_at       timestamp not null
);

-- One row per article with a word in its text: its MinHash signature over 5-word shingles and
-- the LSH band keys cut from it (newsetl.similar). Written at load time for new articles.
create table if not exists raw.article_signatures (
    article_id     varchar not null,
    shingle_count  bigint not null,      -- shingle windows in the normalised text
    minhash        uinteger[] not null,  -- 128 minimum hashes
    band_keys      bigint[] not null     -- 32 band keys: equal key = candidate near-duplicate
);

-- One row per quote the load stage has placed in a statement cluster (newsetl.similar): what
-- later quotes are compared on, and the cluster, keyed by the smallest quote_id in it.
create table if not exists raw.quote_cluster_members (
    quote_id     varchar not null,
    block_key    varchar,             -- folded surname of the named speaker; NULL: never grouped
    language     varchar not null,
    grams        uinteger[] not null, -- crc32 of the character trigrams of the content words
    numbers      varchar[] not null,  -- figures in the quote
    is_negated   boolean not null,
    cluster_key  varchar not null     -- smallest quote_id of the cluster
);

-- LSH keys of the members: a new quote is compared only with quotes sharing one.
create table if not exists raw.quote_lsh_keys (
    lsh_key   bigint not null,
    quote_id  varchar not null
);
