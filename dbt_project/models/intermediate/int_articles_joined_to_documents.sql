-- One row per article, with the facts it inherits from its input document
-- (where it came from, when it was published and first ingested).
--
-- Incremental: a run adds the articles of the batches not built yet (an article re-cleaned in
-- a later load comes back with that load's batch_id and is rebuilt), so the archive's texts
-- are not copied again every hour; delete_rows_gone drops the articles a re-cleaned document
-- no longer has.
{{
    config(
        materialized='incremental',
        unique_key='article_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_rows_gone('article_id', 'stg_newsetl__articles') }}"
    )
}}

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
    {% if is_incremental() -%}
    where articles.article_id in ({{ changed_keys(ref('stg_newsetl__articles'), 'article_id', ['batch_id']) }})
    {%- endif %}

)

select * from joined
