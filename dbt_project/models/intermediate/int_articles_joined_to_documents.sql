-- One row per article, with the facts it inherits from its input document
-- (where it came from, when it was published and first ingested).
with

articles as (

    select * from {{ ref('stg_newsetl__articles') }}

),

documents as (

    select * from {{ ref('stg_newsetl__documents') }}

),

joined as (

    select
        -- ids
        articles.article_id,
        articles.document_id,
        articles.batch_id,

        -- strings
        documents.source_uri,
        documents.source_name,
        documents.url,
        documents.author,
        documents.metadata_source,
        documents.input_format,
        articles.title,
        articles.clean_text,
        articles.language,
        articles.extraction_status,
        articles.extraction_error,
        -- the document id is the hash of the document's normalised content
        documents.document_id as content_hash,

        -- numerics
        articles.source_part,
        articles.raw_char_count,
        articles.boilerplate_chars_removed,
        articles.language_confidence,
        {{ word_count('articles.clean_text') }} as word_count,

        -- timestamps
        documents.published_at,
        -- first time the content entered the warehouse; falls back to the article row's time
        coalesce(documents.ingested_at, articles.ingested_at) as ingested_at,
        articles.ingested_at as article_loaded_at

    from articles
    left join documents
        on articles.document_id = documents.document_id

)

select * from joined
