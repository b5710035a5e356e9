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
{%- set window_hours = var('newsetl_story_window_hours') %}

with

articles as (

    select * from {{ ref('int_articles_joined_to_documents') }}

),

duplicates as (

    select * from {{ ref('int_articles_flagged_as_duplicates') }}

),

quotes as (

    select * from {{ ref('int_quotes_attributed_to_actors') }}

),

mentions as (

    select * from {{ ref('int_mentions_resolved_to_actors') }}

),

timed as (

    select
        article_id,
        coalesce(published_at, ingested_at) as reported_at,
        floor(epoch(coalesce(published_at, ingested_at)) / ({{ window_hours }} * 3600)) as time_bucket

    from articles

),

quote_times as (

    select distinct
        quotes.quote_cluster_id,
        quotes.article_id,
        timed.time_bucket

    from quotes
    inner join timed
        on quotes.article_id = timed.article_id

),

article_actors as (

    select distinct
        mentions.article_id,
        mentions.actor_id,
        timed.time_bucket

    from mentions
    inner join timed
        on mentions.article_id = timed.article_id
    where mentions.actor_type in ('person', 'organization')
        and mentions.actor_id is not null

),

quote_times_around as (

    -- each article's statements in its own time bucket and the two around it
    select
        quote_cluster_id,
        article_id,
        unnest([time_bucket - 1, time_bucket, time_bucket + 1]) as time_bucket

    from quote_times

),

actor_counts as (

    select
        article_id,
        count(*) as actor_count,
        list(actor_id) as actor_ids

    from article_actors
    group by article_id

),

actor_frequencies as (

    select
        actor_id,
        count(*) as actor_article_count

    from article_actors
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
                floor({{ var('newsetl_story_min_actor_jaccard') }} * actor_counts.actor_count)
            ) as min_shared_bound

        from article_actors
        inner join actor_frequencies
            on article_actors.actor_id = actor_frequencies.actor_id
        inner join actor_counts
            on article_actors.article_id = actor_counts.article_id
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

    select distinct
        left_actors.article_id as left_article_id,
        right_actors.article_id as right_article_id

    from prefix_actors as left_actors
    inner join prefix_actors_around as right_actors
        on left_actors.actor_id = right_actors.actor_id
        and left_actors.time_bucket = right_actors.time_bucket
        and left_actors.article_id < right_actors.article_id

),

duplicate_pairs as (

    select
        least(article_id, duplicate_of_article_id) as left_article_id,
        greatest(article_id, duplicate_of_article_id) as right_article_id,
        'duplicate' as link_reason

    from duplicates
    where duplicate_of_article_id is not null

),

statement_pairs as (

    select distinct
        left_quotes.article_id as left_article_id,
        right_quotes.article_id as right_article_id,
        'statement' as link_reason

    from quote_times as left_quotes
    inner join quote_times_around as right_quotes
        on left_quotes.quote_cluster_id = right_quotes.quote_cluster_id
        and left_quotes.time_bucket = right_quotes.time_bucket
        and left_quotes.article_id < right_quotes.article_id

),

shared_actors as (

    -- list_intersect, not a join on actor_id: the join order optimizer paired the two sides'
    -- actors over the whole archive first (minutes at 200,000 articles)
    select
        actor_candidates.left_article_id,
        actor_candidates.right_article_id,
        left_counts.actor_count as left_actor_count,
        right_counts.actor_count as right_actor_count,
        len(list_intersect(left_counts.actor_ids, right_counts.actor_ids)) as shared_count

    from actor_candidates
    inner join actor_counts as left_counts
        on actor_candidates.left_article_id = left_counts.article_id
    inner join actor_counts as right_counts
        on actor_candidates.right_article_id = right_counts.article_id

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
    inner join timed as left_times
        on candidate_pairs.left_article_id = left_times.article_id
    inner join timed as right_times
        on candidate_pairs.right_article_id = right_times.article_id
    where abs(epoch(left_times.reported_at) - epoch(right_times.reported_at)) <= {{ window_hours }} * 3600
    group by all

)

select * from linked
