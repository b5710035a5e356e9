-- How a statement's wording drifted across outlets: every report of each statement reported
-- more than once, in the order outlets published it, beside the representative wording (the
-- speaker's own words when some outlet quoted them directly). wording_similarity is the
-- Jaro-Winkler similarity of the lower-cased texts (1 = the same words); length_ratio shows
-- shortened excerpts (< 1) and padded paraphrases (> 1).
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
        clusters.quote_cluster_id,
        clusters.representative_text,
        coalesce(articles.source_name, regexp_extract(articles.source_uri, '[^/]+$')) as outlet,
        coalesce(articles.published_at, articles.ingested_at) as reported_at,
        quotes.quote_type,
        quotes.quote_text,
        round(jaro_winkler_similarity(lower(quotes.quote_text), lower(clusters.representative_text)), 2)
            as wording_similarity,
        round(length(quotes.quote_text) / length(clusters.representative_text), 2) as length_ratio

    from quotes
    inner join clusters
        on quotes.quote_cluster_id = clusters.quote_cluster_id
    inner join articles
        on quotes.article_id = articles.article_id
    where clusters.report_count > 1

)

select * from reports
order by quote_cluster_id, reported_at, outlet
