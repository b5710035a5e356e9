-- Incremental (see _marts__docs.md, incremental_facts): rebuilds the quotes of batches not
-- built yet and the quotes whose actor or statement cluster moved since the last run; drops
-- the quotes that left the source.
{{
    config(
        materialized='incremental',
        unique_key='quote_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_rows_gone('quote_id', 'int_quotes_attributed_to_actors') }}"
    )
}}

with

quotes as (

    select * from {{ ref('int_quotes_attributed_to_actors') }}

),

articles as (

    select
        article_id,
        batch_id

    from {{ ref('stg_newsetl__articles') }}

),

{% if is_incremental() -%}
-- from the table, not the CTE above: a CTE read twice may be materialized whole, texts and all
tracked as (

    select
        tracked_quotes.quote_id,
        articles.batch_id,
        tracked_quotes.actor_id,
        tracked_quotes.quote_cluster_id

    from {{ ref('int_quotes_attributed_to_actors') }} as tracked_quotes
    left join articles
        on tracked_quotes.article_id = articles.article_id

),
{%- endif %}

final as (

    select
        -- ids
        quotes.quote_id,
        quotes.article_id,
        quotes.actor_id,
        quotes.speaker_mention_id,
        quotes.quote_cluster_id,
        articles.batch_id,

        -- strings
        quotes.quote_text,
        quotes.quote_type,
        quotes.speaker_text,
        quotes.cue_verb,
        quotes.attribution_kind,
        quotes.extraction_method,

        -- numerics
        quotes.start_char,
        quotes.end_char,
        quotes.sentence_index

    from quotes
    left join articles
        on quotes.article_id = articles.article_id
    {% if is_incremental() -%}
    where quotes.quote_id in ({{ changed_keys('tracked', 'quote_id', ['batch_id', 'actor_id', 'quote_cluster_id']) }})
    {%- endif %}

)

select * from final
