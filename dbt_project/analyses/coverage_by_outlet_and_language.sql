-- Coverage by outlet and language: how many articles, words, quotes and mentions each
-- outlet contributes per language, how many are reprints, and how many failed extraction.
with

articles as (

    select * from {{ ref('fct_articles') }}

),

coverage as (

    select
        coalesce(source_name, '(unknown outlet)') as outlet,
        language,
        count(*) as article_count,
        count(*) filter (where duplicate_of_article_id is not null) as duplicate_count,
        count(*) filter (where extraction_status <> 'ok') as not_extracted_count,
        sum(word_count) as word_count,
        sum(quote_count) as quote_count,
        sum(mention_count) as mention_count,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at

    from articles
    group by all

)

select * from coverage
order by article_count desc, outlet, language
