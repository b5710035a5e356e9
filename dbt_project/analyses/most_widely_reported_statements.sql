-- Most widely reported statements: which things said were picked up by the most outlets.
-- One row per statement (dim_quote_clusters); syndicated copies do not count as extra articles
-- (original_article_count), the deduplicated default.
-- Run: dbt compile --profiles-dir . --select most_widely_reported_statements, then paste
-- target/compiled/newsetl/analyses/most_widely_reported_statements.sql, or replace each
-- {{ "{{ ref('x') }}" }} by marts.x in the published copy.
with

clusters as (

    select * from {{ ref('dim_quote_clusters') }}

),

actors as (

    select * from {{ ref('dim_actors') }}

),

ranked as (

    select
        coalesce(actors.canonical_name, clusters.speaker_text) as speaker,
        clusters.representative_text,
        clusters.outlet_count,
        clusters.original_article_count,
        clusters.report_count,
        clusters.first_seen_at

    from clusters
    left join actors
        on clusters.actor_id = actors.actor_id
    where clusters.original_article_count > 1

)

select * from ranked
order by outlet_count desc, original_article_count desc, first_seen_at
limit 20
