-- Quotes of one actor over time, oldest first, with the outlet and the words.
-- Set the actor below (any spelling in dim_actors.aliases, case-insensitive).
{% set actor_name = 'Lavrov' %}
with

actors as (

    select * from {{ ref('dim_actors') }}

),

quotes as (

    select * from {{ ref('fct_quotes') }}

),

articles as (

    select * from {{ ref('fct_articles') }}

),

actor_spellings as (

    select
        actor_id,
        canonical_name,
        unnest(aliases) as alias

    from actors

),

chosen_actors as (

    select distinct
        actor_id,
        canonical_name

    from actor_spellings
    where lower(alias) = lower('{{ actor_name }}')

),

timeline as (

    select
        coalesce(articles.published_at, articles.ingested_at) as reported_at,
        articles.published_at is null as is_ingestion_time,
        chosen_actors.canonical_name,
        articles.source_name,
        articles.title,
        quotes.quote_type,
        quotes.cue_verb,
        quotes.quote_text,
        quotes.quote_cluster_id,
        articles.duplicate_of_article_id is not null as is_reprint

    from quotes
    inner join chosen_actors
        on quotes.actor_id = chosen_actors.actor_id
    inner join articles
        on quotes.article_id = articles.article_id

)

select * from timeline
order by reported_at, source_name
