-- One row per story: articles about one event within a time window (int_article_pairs_linked,
-- int_articles_grouped_into_stories). The label is the headline of the story's most linked
-- article (ties: the earliest), or its three most named actors when no article has a headline.
with

articles as (

    select * from {{ ref('int_articles_joined_to_documents') }}

),

stories as (

    select * from {{ ref('int_articles_grouped_into_stories') }}

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

members as (

    select
        stories.story_id,
        stories.link_count,
        articles.article_id,
        articles.title,
        {{ outlet_key('articles') }} as outlet_key,
        coalesce(articles.published_at, articles.ingested_at) as reported_at,
        duplicates.is_duplicate

    from stories
    inner join articles
        on stories.article_id = articles.article_id
    inner join duplicates
        on stories.article_id = duplicates.article_id

),

central_headlines as (

    select
        story_id,
        arg_max(title, [link_count, -epoch(reported_at)]) as central_title,
        arg_max(article_id, [link_count, -epoch(reported_at)]) as central_article_id

    from members
    where title is not null
    group by story_id

),

actor_ranks as (

    select
        stories.story_id,
        mentions.canonical_name,
        row_number() over (
            partition by stories.story_id order by count(*) desc, mentions.canonical_name
        ) as actor_rank

    from mentions
    inner join stories
        on mentions.article_id = stories.article_id
    where mentions.actor_type in ('person', 'organization')
    group by stories.story_id, mentions.canonical_name

),

top_actors as (

    select
        story_id,
        list(canonical_name order by actor_rank) as top_actor_names

    from actor_ranks
    where actor_rank <= 3
    group by story_id

),

story_quotes as (

    select
        stories.story_id,
        count(distinct quotes.quote_cluster_id) as statement_count

    from quotes
    inner join stories
        on quotes.article_id = stories.article_id
    group by stories.story_id

),

summarised as (

    select
        -- ids
        members.story_id,
        any_value(central_headlines.central_article_id) as central_article_id,

        -- strings
        coalesce(
            any_value(central_headlines.central_title),
            array_to_string(any_value(top_actors.top_actor_names), ', ')
        ) as label,

        -- lists
        coalesce(any_value(top_actors.top_actor_names), []) as top_actor_names,

        -- numerics
        count(*) as article_count,
        count(*) filter (where not coalesce(members.is_duplicate, false)) as original_article_count,
        count(distinct members.outlet_key) as outlet_count,
        coalesce(any_value(story_quotes.statement_count), 0) as statement_count,

        -- timestamps
        min(members.reported_at) as first_published_at,
        max(members.reported_at) as last_published_at

    from members
    left join central_headlines
        on members.story_id = central_headlines.story_id
    left join top_actors
        on members.story_id = top_actors.story_id
    left join story_quotes
        on members.story_id = story_quotes.story_id
    group by members.story_id

)

select * from summarised
