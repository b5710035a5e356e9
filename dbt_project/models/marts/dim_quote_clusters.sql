-- One row per statement: the reports of one speaker's statement across articles, grouped by
-- the load stage (newsetl.similar.quotes; see the quote_cluster doc block).
with

quotes as (

    select * from {{ ref('int_quotes_attributed_to_actors') }}

),

articles as (

    select * from {{ ref('int_articles_joined_to_documents') }}

),

duplicates as (

    select * from {{ ref('int_articles_flagged_as_duplicates') }}

),

reports as (

    select
        quotes.quote_cluster_id,
        quotes.quote_id,
        quotes.actor_id,
        quotes.article_id,
        quotes.quote_text,
        quotes.quote_type,
        quotes.speaker_text,
        -- an article whose outlet is unknown counts as an outlet of its own
        {{ outlet_key('articles') }} as outlet_key,
        coalesce(articles.published_at, articles.ingested_at) as reported_at,
        duplicates.is_duplicate

    from quotes
    inner join articles
        on quotes.article_id = articles.article_id
    inner join duplicates
        on quotes.article_id = duplicates.article_id

),

cluster_sizes as (

    -- most statements are reported once: their cluster is their one report, no aggregate needed
    select
        quote_cluster_id,
        count(*) as report_count

    from quotes
    group by quote_cluster_id

),

single_reports as (

    select
        -- ids
        reports.quote_cluster_id,
        reports.actor_id,
        reports.quote_id as representative_quote_id,
        reports.article_id as first_article_id,

        -- strings
        reports.quote_text as representative_text,
        reports.speaker_text,

        -- numerics
        1 as report_count,
        1 as article_count,
        case when coalesce(reports.is_duplicate, false) then 0 else 1 end as original_article_count,
        1 as outlet_count,

        -- timestamps
        reports.reported_at as first_seen_at,
        reports.reported_at as last_seen_at

    from reports
    inner join cluster_sizes
        on reports.quote_cluster_id = cluster_sizes.quote_cluster_id
    where cluster_sizes.report_count = 1

),

shared_reports as (

    select reports.*
    from reports
    inner join cluster_sizes
        on reports.quote_cluster_id = cluster_sizes.quote_cluster_id
    where cluster_sizes.report_count > 1

),

-- how often each actor and spelling occurs in a cluster: the most frequent one names it, ties
-- broken by the value itself, so the result does not depend on row order (group-bys, not windows over every report)
actor_reports as (

    select
        quote_cluster_id,
        actor_id,
        count(*) as report_count

    from shared_reports
    where actor_id is not null
    group by quote_cluster_id, actor_id

),

cluster_actors as (

    select
        quote_cluster_id,
        arg_max(actor_id, (report_count, actor_id)) as actor_id

    from actor_reports
    group by quote_cluster_id

),

speaker_reports as (

    select
        quote_cluster_id,
        speaker_text,
        count(*) as report_count

    from shared_reports
    where speaker_text is not null
    group by quote_cluster_id, speaker_text

),

cluster_speakers as (

    select
        quote_cluster_id,
        arg_max(speaker_text, (report_count, speaker_text)) as speaker_text

    from speaker_reports
    group by quote_cluster_id

),

cluster_reports as (

    select
        quote_cluster_id,
        -- the representative: the speaker's own words first, then the fullest wording (excerpts
        -- and paraphrases are mostly shorter), then the earliest report
        arg_min(
            quote_id, (quote_type <> 'direct', -length(quote_text), reported_at, quote_id)
        ) as representative_quote_id,
        arg_min(
            quote_text, (quote_type <> 'direct', -length(quote_text), reported_at, quote_id)
        ) as representative_text,
        arg_min(article_id, (reported_at, quote_id)) as first_article_id,
        count(*) as report_count,
        count(distinct article_id) as article_count,
        count(distinct article_id) filter (where not coalesce(is_duplicate, false)) as original_article_count,
        count(distinct outlet_key) as outlet_count,
        min(reported_at) as first_seen_at,
        max(reported_at) as last_seen_at

    from shared_reports
    group by quote_cluster_id

),

shared_clusters as (

    select
        -- ids
        cluster_reports.quote_cluster_id,
        cluster_actors.actor_id,
        cluster_reports.representative_quote_id,
        cluster_reports.first_article_id,

        -- strings
        cluster_reports.representative_text,
        cluster_speakers.speaker_text,

        -- numerics
        cluster_reports.report_count,
        cluster_reports.article_count,
        cluster_reports.original_article_count,
        cluster_reports.outlet_count,

        -- timestamps
        cluster_reports.first_seen_at,
        cluster_reports.last_seen_at

    from cluster_reports
    left join cluster_actors
        on cluster_reports.quote_cluster_id = cluster_actors.quote_cluster_id
    left join cluster_speakers
        on cluster_reports.quote_cluster_id = cluster_speakers.quote_cluster_id

),

clusters as (

    select * from single_reports
    union all
    select * from shared_clusters

)

select * from clusters
