-- One row per attributed statement, with the actor of its speaker and its cluster.
--
-- actor_id: the actor of the mention the load stage matched to the speaker span
-- (raw.quotes.speaker_mention_id); NULL when the speaker is not a named mention.
--
-- quote_cluster_id groups the reports of one statement across articles: the load stage
-- (newsetl.similar.quotes) places each quote in a cluster keyed by the smallest quote_id in it
-- (raw.quote_cluster_members); the id is the md5 of that key. A quote the load stage has not
-- placed (none should be) is a cluster of its own.
--
-- Incremental (delete+insert on quote_id): a build writes the quotes it has not built yet (new,
-- or of an article loaded again under another batch_id: the pre-hook first deletes the quotes
-- of those and of the articles gone), the quotes whose speaker mention belongs to a name whose
-- resolution moved (int_actor_name_states.is_changed; int_actor_name_states_resolved is built
-- after this model too, so a failed build leaves them changed), and the quotes whose cluster the
-- load stage moved (a narrow comparison of quote_cluster_id with raw.quote_cluster_members);
-- every other quote would be written as it is. A full refresh gives the same rows.
-- depends_on: {{ ref('int_actor_name_states') }}
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
    select * from {{ ref('stg_newsetl__quotes') }}
    {% if is_incremental() -%}
    where quote_id in ({{ quotes_to_rewrite() }})
    {%- endif %}

),

mentions as (

    select * from {{ ref('int_mentions_resolved_to_actors') }}

),

members as (

    select * from {{ ref('stg_newsetl__quote_cluster_members') }}

),

articles as (

    select
        article_id,
        batch_id

    from {{ ref('stg_newsetl__articles') }}

),

attributed as (

    select
        -- ids
        quotes.quote_id,
        quotes.article_id,
        articles.batch_id,
        quotes.speaker_mention_id,
        mentions.actor_id,
        md5('cluster:' || coalesce(members.cluster_key, quotes.quote_id)) as quote_cluster_id,

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
    left join mentions
        on quotes.speaker_mention_id = mentions.mention_id
    left join members
        on quotes.quote_id = members.quote_id

)

select * from attributed
