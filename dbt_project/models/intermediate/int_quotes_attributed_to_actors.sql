-- One row per attributed statement, with the actor of its speaker and its cluster.
--
-- actor_id: the actor of the mention the load stage matched to the speaker span
-- (raw.quotes.speaker_mention_id); NULL when the speaker is not a named mention.
--
-- quote_cluster_id groups the reports of one statement across articles: the load stage
-- (newsetl.similar.quotes) places each quote in a cluster keyed by the smallest quote_id in it
-- (raw.quote_cluster_members); the id is the md5 of that key. A quote the load stage has not
-- placed (none should be) is a cluster of its own.
with

quotes as (

    select * from {{ ref('stg_newsetl__quotes') }}

),

mentions as (

    select * from {{ ref('int_mentions_resolved_to_actors') }}

),

members as (

    select * from {{ ref('stg_newsetl__quote_cluster_members') }}

),

attributed as (

    select
        -- ids
        quotes.quote_id,
        quotes.article_id,
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
    left join mentions
        on quotes.speaker_mention_id = mentions.mention_id
    left join members
        on quotes.quote_id = members.quote_id

)

select * from attributed
