-- Who is quoted about whom: for each speaker, the other actors named in the same
-- articles where the speaker is quoted. "About" is approximated by co-occurrence in the
-- article; restrict to the quote's own sentence (mentions.sentence_index =
-- quotes.sentence_index) for a stricter reading.
with

actors as (

    select * from {{ ref('dim_actors') }}

),

quotes as (

    select * from {{ ref('fct_quotes') }}

),

mentions as (

    select * from {{ ref('fct_mentions') }}

),

articles as (

    select * from {{ ref('fct_articles') }}

),

speaker_articles as (

    select
        quotes.actor_id as speaker_actor_id,
        quotes.article_id,
        count(*) as quote_count

    from quotes
    inner join articles
        on quotes.article_id = articles.article_id
    where quotes.actor_id is not null
        and articles.duplicate_of_article_id is null
    group by quotes.actor_id, quotes.article_id

),

mentioned_actors as (

    select distinct
        article_id,
        actor_id as mentioned_actor_id

    from mentions

),

pairs as (

    select
        speaker_articles.speaker_actor_id,
        mentioned_actors.mentioned_actor_id,
        count(*) as article_count,
        sum(speaker_articles.quote_count) as quote_count

    from speaker_articles
    inner join mentioned_actors
        on speaker_articles.article_id = mentioned_actors.article_id
        and speaker_articles.speaker_actor_id <> mentioned_actors.mentioned_actor_id
    group by speaker_articles.speaker_actor_id, mentioned_actors.mentioned_actor_id

),

named as (

    select
        speakers.canonical_name as speaker,
        mentioned.canonical_name as mentioned,
        mentioned.actor_type as mentioned_type,
        pairs.article_count,
        pairs.quote_count

    from pairs
    inner join actors as speakers
        on pairs.speaker_actor_id = speakers.actor_id
    inner join actors as mentioned
        on pairs.mentioned_actor_id = mentioned.actor_id

)

select * from named
order by article_count desc, quote_count desc, speaker, mentioned
