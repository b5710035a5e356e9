-- One row per name (int_actor_names_clustered): everything int_mentions_resolved_to_actors takes
-- from a name to resolve its mentions (the actor, its name and type, how the name joined it,
-- whether the actor is named in one article only), a digest of it, and whether it changed since
-- the mentions were last resolved.
--
-- is_changed: name_digest differs from the one int_actor_name_states_resolved kept at the last
-- build of int_mentions_resolved_to_actors (or the name is new, or there is no such build): the
-- incremental mentions model resolves again the mentions of exactly these names, and those of
-- the articles it has not resolved yet.
with

names as (

    select * from {{ ref('int_actor_names_clustered') }}

),

grouped as (

    select * from {{ ref('int_actor_names_grouped') }}

),

actor_spans as (

    -- an actor is named in one article only when all its names' mentions are in that article
    select
        names.actor_id,
        min(grouped.first_article_id) = max(grouped.last_article_id) as is_single_article_actor

    from names
    inner join grouped
        on names.name_key = grouped.name_key
    group by names.actor_id

),

states as (

    select
        -- ids
        names.name_key,
        names.actor_id,

        -- strings
        names.canonical_name,
        {{ actor_name_plain('names.canonical_name') }} as plain_canonical,
        names.actor_type,
        names.name_link,

        -- booleans
        actor_spans.is_single_article_actor

    from names
    inner join actor_spans
        on names.actor_id = actor_spans.actor_id

),

digested as (

    select
        *,
        md5(concat_ws(
            '|', actor_id, canonical_name, actor_type, name_link, cast(is_single_article_actor as varchar)
        )) as name_digest

    from states

),

previous as (

    {{ previous_digests('int_actor_name_states_resolved', 'name_key', 'name_digest') }}

),

final as (

    select
        digested.*,
        -- a new name has no digest yet
        coalesce(previous.name_digest <> digested.name_digest, true) as is_changed

    from digested
    left join previous
        on digested.name_key = previous.name_key

)

select * from final
