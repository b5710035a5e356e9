-- One row per article: what int_article_pairs_linked compares when it links two articles (time,
-- near-duplicate, statements, people and organizations), and whether any of it changed since the
-- pairs were last linked.
--
-- is_relinked: the article's link_digest differs from the one int_article_link_keys_linked kept
-- at the last build of int_article_pairs_linked (or the article is new, or there is no such
-- build): the pairs model relinks exactly these articles, against every article within the
-- window, and keeps the others' pairs. An hourly batch relinks its own articles and the few older
-- ones whose actor or statement moved, not the archive.
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

article_actors as (

    select
        article_id,
        list_sort(list(distinct actor_id)) as actor_ids

    from mentions
    where actor_type in ('person', 'organization') and actor_id is not null
    group by article_id

),

article_statements as (

    select
        article_id,
        list_sort(list(distinct quote_cluster_id)) as quote_cluster_ids

    from quotes
    group by article_id

),

keys as (

    select
        -- ids
        articles.article_id,
        duplicates.duplicate_of_article_id,

        -- lists
        coalesce(article_actors.actor_ids, []) as actor_ids,
        coalesce(article_statements.quote_cluster_ids, []) as quote_cluster_ids,

        -- numerics
        floor(epoch(coalesce(articles.published_at, articles.ingested_at)) / ({{ window_hours }} * 3600))
            as time_bucket,

        -- timestamps
        coalesce(articles.published_at, articles.ingested_at) as reported_at

    from articles
    left join duplicates
        on articles.article_id = duplicates.article_id
    left join article_actors
        on articles.article_id = article_actors.article_id
    left join article_statements
        on articles.article_id = article_statements.article_id

),

digested as (

    select
        *,
        md5(concat_ws(
            '|',
            cast(reported_at as varchar),
            coalesce(duplicate_of_article_id, ''),
            array_to_string(actor_ids, ','),
            array_to_string(quote_cluster_ids, ',')
        )) as link_digest

    from keys

),

linked as (

    {{ previous_digests('int_article_link_keys_linked', 'article_id', 'link_digest') }}

),

final as (

    select
        digested.*,
        -- a new article has no digest yet
        coalesce(linked.link_digest <> digested.link_digest, true) as is_relinked

    from digested
    left join linked
        on digested.article_id = linked.article_id

)

select * from final
