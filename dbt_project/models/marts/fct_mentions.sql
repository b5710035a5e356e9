-- Incremental (see _marts__docs.md, incremental_facts): writes the mentions of the articles not
-- built yet (new, or loaded again under another batch_id: the pre-hook first deletes the
-- mentions of those and of the articles gone) and the mentions of the names whose resolution
-- moved (int_actor_name_states.is_changed), exactly the mentions int_mentions_resolved_to_actors
-- resolved again; every other row would be written as it is. int_actor_name_states_resolved,
-- which keeps the digests is_changed compares with, is built after this model too, so a failed
-- build of it leaves those names changed for the next run. No row-by-row comparison of the
-- archive: at 50,000 articles that comparison (an except over 2 M rows) and the search for rows
-- gone took 3.4 s of the model's 7.6 on a no-op.
-- depends_on: {{ ref('int_actor_name_states') }}
{{
    config(
        materialized='incremental',
        unique_key='mention_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_reloaded_articles() }}"
    )
}}

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
    where
        -- after the pre-hook, the articles left in the table are the ones built already
        mentions.article_id in (
            select new_articles.article_id from {{ ref('stg_newsetl__articles') }} as new_articles
            where new_articles.article_id not in (select distinct built.article_id from {{ this }} as built)
        )
        or mentions.article_key in (
            select name_states.name_key from {{ ref('int_actor_name_states') }} as name_states
            where name_states.is_changed
        )
    {%- endif %}

)

select * from final
