-- First outlet to report a statement: for each statement carried by several outlets, who had it
-- first and how many hours later the next outlet followed; then, per outlet, how often it was
-- first. Times are published_at, or ingested_at for an input without a date.
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

reports as (

    select
        quotes.quote_cluster_id,
        coalesce(articles.source_name, regexp_extract(articles.source_uri, '[^/]+$')) as outlet,
        min(coalesce(articles.published_at, articles.ingested_at)) as reported_at

    from quotes
    inner join articles
        on quotes.article_id = articles.article_id
    where articles.duplicate_of_article_id is null
    group by all

),

ordered as (

    select
        *,
        row_number() over (partition by quote_cluster_id order by reported_at, outlet) as report_order

    from reports

),

firsts as (

    select
        first_reports.quote_cluster_id,
        clusters.representative_text,
        first_reports.outlet as first_outlet,
        first_reports.reported_at as first_reported_at,
        second_reports.outlet as next_outlet,
        round((epoch(second_reports.reported_at) - epoch(first_reports.reported_at)) / 3600.0, 1)
            as hours_to_next_outlet

    from ordered as first_reports
    inner join ordered as second_reports
        on first_reports.quote_cluster_id = second_reports.quote_cluster_id
        and second_reports.report_order = 2
    inner join clusters
        on first_reports.quote_cluster_id = clusters.quote_cluster_id
    where first_reports.report_order = 1

)

select
    first_outlet,
    count(*) as statements_reported_first,
    median(hours_to_next_outlet) as median_hours_ahead,
    list(representative_text order by first_reported_at) as statements

from firsts
group by first_outlet
order by statements_reported_first desc, first_outlet
