with

mentions as (

    select * from {{ ref('int_mentions_resolved_to_actors') }}

),

final as (

    select
        -- ids
        mention_id,
        article_id,
        actor_id,

        -- strings
        mention_text,
        match_method,

        -- numerics
        start_char,
        end_char,
        sentence_index,
        match_score

    from mentions

)

select * from final
