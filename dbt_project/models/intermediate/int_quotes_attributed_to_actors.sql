-- One row per attributed statement, with the actor of its speaker and its cluster.
--
-- actor_id: the actor of the mention the load stage matched to the speaker span
-- (raw.quotes.speaker_mention_id); NULL when the speaker is not a named mention.
--
-- quote_cluster_id groups the same statement reported by several articles: the md5 of the
-- quote text after normalize_text (case, accents, punctuation, quotation marks and spacing
-- ignored). Fragments of fewer than var newsetl_quote_cluster_min_words words are too
-- common to match across articles ("serious", "a step forward"): they form a cluster of
-- their own (md5 of the quote_id).
with

quotes as (

    select * from {{ ref('stg_newsetl__quotes') }}

),

mentions as (

    select * from {{ ref('int_mentions_resolved_to_actors') }}

),

normalised as (

    select
        *,
        {{ normalize_text('quote_text') }} as normalised_quote_text

    from quotes

),

attributed as (

    select
        -- ids
        normalised.quote_id,
        normalised.article_id,
        normalised.speaker_mention_id,
        mentions.actor_id,
        case
            when {{ word_count('normalised.normalised_quote_text') }}
                >= {{ var('newsetl_quote_cluster_min_words') }}
                then md5('text:' || normalised.normalised_quote_text)
            else md5('quote:' || normalised.quote_id)
        end as quote_cluster_id,

        -- strings
        normalised.quote_text,
        normalised.quote_type,
        normalised.speaker_text,
        normalised.cue_verb,
        normalised.attribution_kind,
        normalised.extraction_method,

        -- numerics
        normalised.start_char,
        normalised.end_char,
        normalised.sentence_index

    from normalised
    left join mentions
        on normalised.speaker_mention_id = mentions.mention_id

)

select * from attributed
