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
        coalesce(published_at, ingested_at) as reported_at

    from articles

),

article_actors as (

    select distinct
        article_id,
        actor_id

    from mentions
    where actor_type in ('person', 'organization')
        and actor_id is not null

),

actor_counts as (

    select
        article_id,
        count(*) as actor_count

    from article_actors
    group by article_id

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

    from quotes as left_quotes
    inner join quotes as right_quotes
        on left_quotes.quote_cluster_id = right_quotes.quote_cluster_id
        and left_quotes.article_id < right_quotes.article_id

),

shared_actors as (

    select
        left_actors.article_id as left_article_id,
        right_actors.article_id as right_article_id,
        count(*) as shared_count

    from article_actors as left_actors
    inner join article_actors as right_actors
        on left_actors.actor_id = right_actors.actor_id
        and left_actors.article_id < right_actors.article_id
    group by all

),

actor_pairs as (

    select
        shared_actors.left_article_id,
        shared_actors.right_article_id,
        'actors' as link_reason

    from shared_actors
    inner join actor_counts as left_counts
        on shared_actors.left_article_id = left_counts.article_id
    inner join actor_counts as right_counts
        on shared_actors.right_article_id = right_counts.article_id
    where
        shared_actors.shared_count >= {{ var('newsetl_story_min_shared_actors') }}
        -- Jaccard share of the two articles' people and organizations
        and shared_actors.shared_count
        >= {{ var('newsetl_story_min_actor_jaccard') }}
        * (left_counts.actor_count + right_counts.actor_count - shared_actors.shared_count)

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
