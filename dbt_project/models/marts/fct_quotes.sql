-- Incremental (see _marts__docs.md, incremental_facts): writes the quotes that
-- int_quotes_attributed_to_actors writes (macros/incremental_state.sql, quotes_to_rewrite:
-- new or reloaded articles, speakers whose name's resolution moved, quotes whose cluster moved),
-- compared with this table's own rows, so a failed build catches up on the next; the pre-hook
-- deletes the quotes of articles reloaded or gone.
-- depends_on: {{ ref('int_actor_name_states') }}
-- depends_on: {{ ref('int_mentions_resolved_to_actors') }}
-- depends_on: {{ ref('stg_newsetl__articles') }}
-- depends_on: {{ ref('stg_newsetl__quote_cluster_members') }}
-- depends_on: {{ ref('stg_newsetl__quotes') }}
{{
    config(
        materialized='incremental',
        unique_key='quote_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_reloaded_articles() }}"
    )
}}

with

quotes as (

    -- on an incremental build, the quotes it writes only: the joins below read nothing else
    select * from {{ ref('int_quotes_attributed_to_actors') }}
    {% if is_incremental() -%}
    where quote_id in ({{ quotes_to_rewrite() }})
    {%- endif %}

),

final as (

    select
        -- ids
        quotes.quote_id,
        quotes.article_id,
        quotes.actor_id,
        quotes.speaker_mention_id,
        quotes.quote_cluster_id,
        quotes.batch_id,

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

)

select * from final
