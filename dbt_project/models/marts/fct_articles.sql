-- Incremental (see _marts__docs.md, incremental_facts): rebuilds the articles of batches not
-- built yet and the articles whose duplicate flag, story or counts moved since the last run
-- (a later article can make an earlier one's story grow); drops the articles that left the source.
{{
    config(
        materialized='incremental',
        unique_key='article_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_rows_gone('article_id', 'int_articles_joined_to_documents') }}"
    )
}}
{% set tracked_columns = [
    'batch_id', 'duplicate_of_article_id', 'duplicate_similarity', 'is_duplicate', 'story_id', 'quote_count',
    'mention_count'] %}

with

articles as (

    select * from {{ ref('int_articles_joined_to_documents') }}

),

duplicates as (

    select * from {{ ref('int_articles_flagged_as_duplicates') }}

),

stories as (

    select * from {{ ref('int_articles_grouped_into_stories') }}

),

quotes as (

    select * from {{ ref('int_quotes_attributed_to_actors') }}

),

mentions as (

    select * from {{ ref('int_mentions_resolved_to_actors') }}

),

quote_counts as (

    select
        article_id,
        count(*) as quote_count

    from quotes
    group by article_id

),

mention_counts as (

    select
        article_id,
        count(*) as mention_count

    from mentions
    group by article_id

),

{% if is_incremental() -%}
-- from the table, not the articles CTE: a CTE read twice may be materialized whole, texts and all
tracked as (

    select
        tracked_articles.article_id,
        tracked_articles.batch_id,
        duplicates.duplicate_of_article_id,
        duplicates.duplicate_similarity,
        duplicates.is_duplicate,
        stories.story_id,
        coalesce(quote_counts.quote_count, 0) as quote_count,
        coalesce(mention_counts.mention_count, 0) as mention_count

    from {{ ref('int_articles_joined_to_documents') }} as tracked_articles
    inner join duplicates
        on tracked_articles.article_id = duplicates.article_id
    inner join stories
        on tracked_articles.article_id = stories.article_id
    left join quote_counts
        on tracked_articles.article_id = quote_counts.article_id
    left join mention_counts
        on tracked_articles.article_id = mention_counts.article_id

),
{%- endif %}

final as (

    select
        -- ids
        articles.article_id,
        articles.document_id,
        duplicates.duplicate_of_article_id,
        stories.story_id,
        articles.batch_id,

        -- strings
        articles.source_uri,
        articles.source_name,
        articles.url,
        articles.author,
        articles.metadata_source,
        articles.title,
        articles.language,
        articles.clean_text,
        articles.content_hash,
        articles.extraction_status,
        articles.extraction_error,

        -- numerics
        articles.source_part,
        articles.language_confidence,
        articles.word_count,
        articles.boilerplate_chars_removed,
        duplicates.duplicate_similarity,
        coalesce(quote_counts.quote_count, 0) as quote_count,
        coalesce(mention_counts.mention_count, 0) as mention_count,

        -- booleans
        duplicates.is_duplicate,

        -- timestamps
        articles.published_at,
        articles.ingested_at

    from articles
    inner join duplicates
        on articles.article_id = duplicates.article_id
    inner join stories
        on articles.article_id = stories.article_id
    left join quote_counts
        on articles.article_id = quote_counts.article_id
    left join mention_counts
        on articles.article_id = mention_counts.article_id
    {% if is_incremental() -%}
    where articles.article_id in ({{ changed_keys('tracked', 'article_id', tracked_columns) }})
    {%- endif %}

)

select * from final
