with

mentions as (

    select * from {{ ref('int_mentions_resolved_to_actors') }}

),

quotes as (

    select * from {{ ref('int_quotes_attributed_to_actors') }}

),

actor_mentions as (

    select
        actor_id,
        -- one name and type per actor by construction; min() only makes the choice explicit
        min(canonical_name) as canonical_name,
        min(actor_type) as actor_type,
        list_sort(list_distinct(list(mention_text))) as aliases,
        count(distinct article_id) as article_count,
        count(*) as mention_count

    from mentions
    group by actor_id

),

actor_quotes as (

    select
        actor_id,
        count(*) as quote_count

    from quotes
    where actor_id is not null
    group by actor_id

),

final as (

    select
        -- ids
        actor_mentions.actor_id,

        -- strings
        actor_mentions.canonical_name,
        actor_mentions.actor_type,
        actor_mentions.aliases,

        -- numerics
        actor_mentions.article_count,
        actor_mentions.mention_count,
        coalesce(actor_quotes.quote_count, 0) as quote_count

    from actor_mentions
    left join actor_quotes
        on actor_mentions.actor_id = actor_quotes.actor_id

)

select * from final
