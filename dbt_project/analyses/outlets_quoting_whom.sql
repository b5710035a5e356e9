-- Which outlets quoted whom: per outlet and speaker, the statements the outlet reported and
-- how many of them no other outlet carried. Reprints (duplicate articles) are left out; an
-- article without an outlet counts as an outlet of its own ('article:' and its id), as in dim_quote_clusters.
-- Run as most_widely_reported_statements.sql says.
with

quotes as (

    select * from {{ ref('fct_quotes') }}

),

articles as (

    select * from {{ ref('fct_articles') }}

),

clusters as (

    select * from {{ ref('dim_quote_clusters') }}

),

actors as (

    select * from {{ ref('dim_actors') }}

),

reports as (

    select
        {{ outlet_key('articles') }} as outlet,
        coalesce(actors.canonical_name, quotes.speaker_text, '(unnamed)') as speaker,
        quotes.quote_cluster_id,
        clusters.outlet_count

    from quotes
    inner join articles
        on quotes.article_id = articles.article_id
    inner join clusters
        on quotes.quote_cluster_id = clusters.quote_cluster_id
    left join actors
        on quotes.actor_id = actors.actor_id
    where articles.duplicate_of_article_id is null

),

by_outlet as (

    select
        outlet,
        speaker,
        count(distinct quote_cluster_id) as statement_count,
        count(distinct quote_cluster_id) filter (where outlet_count = 1) as exclusive_statement_count

    from reports
    group by outlet, speaker

)

select * from by_outlet
order by outlet, statement_count desc, speaker
