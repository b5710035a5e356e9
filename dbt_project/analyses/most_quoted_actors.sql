-- Most-quoted actors.
-- A statement reported by several outlets counts once (distinct quote_cluster_id);
-- reports counts every article, duplicates (reprints) excluded.
-- Run: dbt compile --profiles-dir . --select most_quoted_actors, then paste
-- target/compiled/newsetl/analyses/most_quoted_actors.sql, or replace each
-- {{ "{{ ref('x') }}" }} by marts.x in the published copy.
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

original_quotes as (

    select quotes.*
    from quotes
    inner join articles
        on quotes.article_id = articles.article_id
    where articles.duplicate_of_article_id is null

),

ranked as (

    select
        actors.canonical_name,
        actors.actor_type,
        count(distinct original_quotes.quote_cluster_id) as statement_count,
        count(*) as report_count,
        count(distinct original_quotes.article_id) as article_count,
        count(*) filter (where original_quotes.quote_type = 'direct') as direct_quote_count

    from original_quotes
    inner join actors
        on original_quotes.actor_id = actors.actor_id
    group by actors.canonical_name, actors.actor_type

)

select * from ranked
order by statement_count desc, report_count desc, canonical_name
limit 20
