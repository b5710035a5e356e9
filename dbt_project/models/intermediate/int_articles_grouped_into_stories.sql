-- One row per article, with its story: the articles it is linked to (int_article_pairs_linked),
-- directly or through other articles. Each round below hands every article the smallest
-- story key among itself and its neighbours (label propagation; Raghavan, Albert and Kumara,
-- 2007, with the minimum as the rule), so after var newsetl_story_link_rounds rounds every
-- article within that many links of another shares its key. Keys are article ids, so a
-- story's key is the smallest article id in it and does not depend on load order.
{%- set rounds = var('newsetl_story_link_rounds') | int %}

with

articles as (

    select * from {{ ref('int_articles_joined_to_documents') }}

),

links as (

    select * from {{ ref('int_article_pairs_linked') }}

),

edges as (

    select left_article_id as article_id, right_article_id as neighbour_id from links
    union all
    select right_article_id, left_article_id from links

),

degrees as (

    select
        article_id,
        count(*) as link_count

    from edges
    group by article_id

),

round_0 as (

    select
        article_id,
        article_id as story_key

    from articles

),
{%- for round in range(1, rounds + 1) %}

round_{{ round }} as (

    select
        labels.article_id,
        least(any_value(labels.story_key), coalesce(min(neighbour_labels.story_key), any_value(labels.story_key)))
            as story_key

    from round_{{ round - 1 }} as labels
    left join edges
        on labels.article_id = edges.article_id
    left join round_{{ round - 1 }} as neighbour_labels
        on edges.neighbour_id = neighbour_labels.article_id
    group by labels.article_id

),
{%- endfor %}

grouped as (

    select
        -- ids
        labels.article_id,
        md5('story:' || labels.story_key) as story_id,

        -- numerics
        coalesce(degrees.link_count, 0) as link_count

    from round_{{ rounds }} as labels
    left join degrees
        on labels.article_id = degrees.article_id

)

select * from grouped
