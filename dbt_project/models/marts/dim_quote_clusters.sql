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
        quotes.speaker_text,
        -- an article whose outlet is unknown counts as an outlet of its own
        {{ outlet_key('articles') }} as outlet_key,
        coalesce(articles.published_at, articles.ingested_at) as reported_at,
        duplicates.is_duplicate,
        -- how often each actor and spelling occurs in the cluster: the most frequent one names it,
        -- ties broken by the value itself, so the result does not depend on row order
        count(*) over (partition by quotes.quote_cluster_id, quotes.actor_id) as actor_reports,
        count(*) over (partition by quotes.quote_cluster_id, quotes.speaker_text) as speaker_reports,
        -- the representative: the speaker's own words first, then the fullest wording (excerpts
        -- and paraphrases are mostly shorter), then the earliest report
        row_number() over (
            partition by quotes.quote_cluster_id
            order by
                quotes.quote_type = 'direct' desc,
                length(quotes.quote_text) desc,
                coalesce(articles.published_at, articles.ingested_at),
                quotes.quote_id
        ) as representative_rank

    from quotes
    inner join articles
        on quotes.article_id = articles.article_id
    inner join duplicates
        on quotes.article_id = duplicates.article_id

),

clusters as (

    select
        -- ids
        quote_cluster_id,
        arg_max(actor_id, (actor_reports, actor_id)) filter (where actor_id is not null) as actor_id,
        arg_min(quote_id, representative_rank) as representative_quote_id,
        arg_min(article_id, (reported_at, quote_id)) as first_article_id,

        -- strings
        arg_min(quote_text, representative_rank) as representative_text,
        arg_max(speaker_text, (speaker_reports, speaker_text)) filter (where speaker_text is not null) as speaker_text,

        -- numerics
        count(*) as report_count,
        count(distinct article_id) as article_count,
        count(distinct article_id) filter (where not coalesce(is_duplicate, false)) as original_article_count,
        count(distinct outlet_key) as outlet_count,

        -- timestamps
        min(reported_at) as first_seen_at,
        max(reported_at) as last_seen_at

    from reports
    group by quote_cluster_id

)

select * from clusters
