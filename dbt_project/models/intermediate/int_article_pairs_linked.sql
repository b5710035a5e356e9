-- One row per pair of articles about the same event: published within
-- var newsetl_story_window_hours of each other and
--   duplicate       one is a near-duplicate of the other, or
--   statement       both report one statement (a quote cluster), or
--   actors          they name at least var newsetl_story_min_shared_actors of the same people and
--                   organizations, and those are at least var newsetl_story_min_actor_jaccard of
--                   all the people and organizations the two name (places are left out: a city
--                   names the venue of many events).
-- An article's time is published_at, or ingested_at when the input gives no date. A pair is
-- listed once (left_article_id < right_article_id) with every reason that links it.
--
-- Blocking: the statement and actor self-joins only pair articles whose time buckets (the
-- window's length each) are equal or adjacent, so pairs further apart than the window are never
-- enumerated: the cost follows the articles within a window of each other, not the square of a
-- popular actor's (or statement's) whole archive. Each pair meets once: the right side is
-- repeated in the three buckets around its own, the left side sits in its own bucket.
--
-- Incremental: only the articles int_article_link_keys marks is_relinked (new, or whose time,
-- duplicate, statements or actors changed since the last build) are linked again, against every
-- article within the window; the pre-hook first deletes their pairs and those of articles that
-- left the warehouse. The other pairs depend only on their two articles, so they stay as they
-- are: a full refresh gives the same rows (tests/similar/test_incremental_marts.py). The prefix
-- filter's actor order is taken over the whole archive each build; it only chooses which shared
-- actor finds a pair, not which pairs link.
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{{ unlink_relinked_articles() }}"
    )
}}
{%- set window_hours = var('newsetl_story_window_hours') %}

with

keys as (

    select * from {{ ref('int_article_link_keys') }}

),

relinked as (

    -- the articles whose pairs this build writes (all of them on a first or full build)
    select
        article_id,
        time_bucket

    from keys
    {% if is_incremental() -%}
    where is_relinked
    {%- endif %}

),

nearby as (

    -- the articles in the time buckets of a relinked article and the two around it
    select keys.*
    from keys
    where
        keys.time_bucket in (
            select unnest([relinked.time_bucket - 1, relinked.time_bucket, relinked.time_bucket + 1])
            from relinked
        )

),

quote_times as (

    select
        article_id,
        unnest(quote_cluster_ids) as quote_cluster_id,
        time_bucket

    from nearby

),

article_actors as (

    select
        article_id,
        unnest(actor_ids) as actor_id,
        time_bucket

    from nearby

),

quote_times_around as (

    -- each article's statements in its own time bucket and the two around it
    select
        quote_cluster_id,
        article_id,
        unnest([time_bucket - 1, time_bucket, time_bucket + 1]) as time_bucket

    from quote_times

),

actor_frequencies as (

    -- over the whole archive, so every build orders an article's actors the same way
    select
        actor_id,
        count(*) as actor_article_count

    from (select unnest(keys.actor_ids) as actor_id from keys) as archive_actors
    group by actor_id

),

prefix_actors as (

    -- Prefix filter (set-similarity joins; Chaudhuri, Ganti and Kaushik, 2006): a linked pair
    -- shares at least min_shared actors, and at least min_actor_jaccard x the actors of either
    -- article; so if an article's actors are ordered by frequency (most frequent first), a
    -- pair shares one of them after dropping that bound less one from the front. Pairs are
    -- looked for on those actors only, and the most frequent actors (named in a large share of
    -- the window's articles) no longer pair every article with every other; the shared count
    -- is then taken on all actors. floor() keeps the bound at or below the exact one.
    select
        ranked.article_id,
        ranked.actor_id,
        ranked.time_bucket

    from (
        select
            article_actors.*,
            row_number() over (
                partition by article_actors.article_id
                order by actor_frequencies.actor_article_count desc, article_actors.actor_id desc
            ) as frequency_rank,
            greatest(
                {{ var('newsetl_story_min_shared_actors') }},
                floor({{ var('newsetl_story_min_actor_jaccard') }} * len(nearby.actor_ids))
            ) as min_shared_bound

        from article_actors
        inner join actor_frequencies
            on article_actors.actor_id = actor_frequencies.actor_id
        inner join nearby
            on article_actors.article_id = nearby.article_id
    ) as ranked
    where ranked.frequency_rank >= ranked.min_shared_bound

),

prefix_actors_around as (

    select
        actor_id,
        article_id,
        unnest([time_bucket - 1, time_bucket, time_bucket + 1]) as time_bucket

    from prefix_actors

),

actor_candidates as (

    -- a relinked article's prefix actors against every nearby article's, in either order
    select distinct
        least(own_actors.article_id, other_actors.article_id) as left_article_id,
        greatest(own_actors.article_id, other_actors.article_id) as right_article_id

    from prefix_actors as own_actors
    inner join relinked
        on own_actors.article_id = relinked.article_id
    inner join prefix_actors_around as other_actors
        on own_actors.actor_id = other_actors.actor_id
        and own_actors.time_bucket = other_actors.time_bucket
        and own_actors.article_id <> other_actors.article_id

),

duplicate_pairs as (

    select
        least(keys.article_id, keys.duplicate_of_article_id) as left_article_id,
        greatest(keys.article_id, keys.duplicate_of_article_id) as right_article_id,
        'duplicate' as link_reason

    from keys
    where
        keys.duplicate_of_article_id is not null
        and (
            keys.article_id in (select relinked.article_id from relinked)
            or keys.duplicate_of_article_id in (select relinked.article_id from relinked)
        )

),

statement_pairs as (

    select distinct
        least(own_quotes.article_id, other_quotes.article_id) as left_article_id,
        greatest(own_quotes.article_id, other_quotes.article_id) as right_article_id,
        'statement' as link_reason

    from quote_times as own_quotes
    inner join relinked
        on own_quotes.article_id = relinked.article_id
    inner join quote_times_around as other_quotes
        on own_quotes.quote_cluster_id = other_quotes.quote_cluster_id
        and own_quotes.time_bucket = other_quotes.time_bucket
        and own_quotes.article_id <> other_quotes.article_id

),

shared_actors as (

    -- list_intersect, not a join on actor_id: the join order optimizer paired the two sides'
    -- actors over the whole archive first (minutes at 200,000 articles)
    select
        actor_candidates.left_article_id,
        actor_candidates.right_article_id,
        len(left_keys.actor_ids) as left_actor_count,
        len(right_keys.actor_ids) as right_actor_count,
        len(list_intersect(left_keys.actor_ids, right_keys.actor_ids)) as shared_count

    from actor_candidates
    inner join nearby as left_keys
        on actor_candidates.left_article_id = left_keys.article_id
    inner join nearby as right_keys
        on actor_candidates.right_article_id = right_keys.article_id

),

actor_pairs as (

    select
        shared_actors.left_article_id,
        shared_actors.right_article_id,
        'actors' as link_reason

    from shared_actors
    where
        shared_actors.shared_count >= {{ var('newsetl_story_min_shared_actors') }}
        -- Jaccard share of the two articles' people and organizations
        and shared_actors.shared_count
        >= {{ var('newsetl_story_min_actor_jaccard') }}
        * (shared_actors.left_actor_count + shared_actors.right_actor_count - shared_actors.shared_count)

),

candidate_pairs as (

    select * from duplicate_pairs
    union all
    select * from statement_pairs
    union all
    select * from actor_pairs

),

linked as (

    select
        -- ids
        candidate_pairs.left_article_id,
        candidate_pairs.right_article_id,

        -- strings
        string_agg(distinct candidate_pairs.link_reason, ',' order by candidate_pairs.link_reason) as link_reasons,

        -- numerics
        abs(epoch(left_times.reported_at) - epoch(right_times.reported_at)) / 3600.0 as hours_apart

    from candidate_pairs
    inner join keys as left_times
        on candidate_pairs.left_article_id = left_times.article_id
    inner join keys as right_times
        on candidate_pairs.right_article_id = right_times.article_id
    where abs(epoch(left_times.reported_at) - epoch(right_times.reported_at)) <= {{ window_hours }} * 3600
    group by all

)

select * from linked
