-- Incremental (see _marts__docs.md, incremental_facts): rebuilds the mentions of batches not
-- built yet and the mentions whose actor, match method or score moved since the last run;
-- drops the mentions that left the source.
{{
    config(
        materialized='incremental',
        unique_key='mention_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_rows_gone('mention_id', 'int_mentions_resolved_to_actors') }}"
    )
}}
{% set tracked_columns = ['batch_id', 'actor_id', 'match_method', 'match_score'] %}

with

mentions as (

    select * from {{ ref('int_mentions_resolved_to_actors') }}

),

articles as (

    select
        article_id,
        batch_id

    from {{ ref('stg_newsetl__articles') }}

),

{% if is_incremental() -%}
-- from the table, not the CTE above: a CTE read twice may be materialized whole
tracked as (

    select
        tracked_mentions.mention_id,
        articles.batch_id,
        tracked_mentions.actor_id,
        tracked_mentions.match_method,
        tracked_mentions.match_score

    from {{ ref('int_mentions_resolved_to_actors') }} as tracked_mentions
    left join articles
        on tracked_mentions.article_id = articles.article_id

),
{%- endif %}

final as (

    select
        -- ids
        mentions.mention_id,
        mentions.article_id,
        mentions.actor_id,
        articles.batch_id,

        -- strings
        mentions.mention_text,
        mentions.match_method,

        -- numerics
        mentions.start_char,
        mentions.end_char,
        mentions.sentence_index,
        mentions.match_score

    from mentions
    left join articles
        on mentions.article_id = articles.article_id
    {% if is_incremental() -%}
    where mentions.mention_id in ({{ changed_keys('tracked', 'mention_id', tracked_columns) }})
    {%- endif %}

)

select * from final
