with

quotes as (

    select * from {{ ref('int_quotes_attributed_to_actors') }}

),

final as (

    select
        -- ids
        quote_id,
        article_id,
        actor_id,
        speaker_mention_id,
        quote_cluster_id,

        -- strings
        quote_text,
        quote_type,
        speaker_text,
        cue_verb,
        attribution_kind,
        extraction_method,

        -- numerics
        start_char,
        end_char,
        sentence_index

    from quotes

)

select * from final
