-- One row per mention, with the actor it refers to across all articles.
--
-- The actor comes from the mention's article_key (the fullest name it refers to in its
-- article) through int_actor_names_clustered. match_method says what tied the mention to the
-- actor, checked in this order:
--   alias_seed          its name is listed in the analysts' actor_aliases seed, or belongs to a
--                       group that met a seeded actor;
--   surname_in_article  the article itself linked it to a fuller name (a bare surname after
--                       the full name, or an acronym after its expansion);
--   transliteration     its name joined the actor's fullest name across articles (another
--                       spelling, a partial name, an acronym spelled out elsewhere), or is the
--                       same name under another spelling ("Sergei" for canonical "Sergey");
--   new                 the actor's own name, seen in one article only so far;
--   exact               the actor's own name as spelled in the canonical name, in an actor
--                       that several articles mention.
-- match_score is 1.0 for alias_seed, new and exact, 0.95 for in-article links (unambiguous by
-- construction), and the jaro-winkler similarity of the plain spellings otherwise (against the
-- canonical surname when the mention is a bare surname, if that is closer).
with

mentions as (

    select * from {{ ref('stg_newsetl__mentions') }}

),

names as (

    select * from {{ ref('int_actor_names_clustered') }}

),

actor_articles as (

    select
        names.actor_id,
        count(distinct mentions.article_id) as actor_article_count

    from mentions
    inner join names
        on mentions.article_key = names.name_key
    group by names.actor_id

),

distinct_spellings as (

    select distinct mention_text
    from mentions

),

plain_spellings as (

    -- the name functions run once per distinct spelling, not once per mention
    select
        mention_text,
        {{ actor_name_plain('mention_text') }} as plain_mention

    from distinct_spellings

),

plain_names as (

    select
        name_key,
        {{ actor_name_plain('canonical_name') }} as plain_canonical

    from names

),

joined as (

    select
        mentions.*,
        names.actor_id,
        names.canonical_name,
        names.actor_type as resolved_actor_type,
        names.name_link,
        plain_spellings.plain_mention,
        plain_names.plain_canonical,
        actor_articles.actor_article_count

    from mentions
    inner join names
        on mentions.article_key = names.name_key
    inner join plain_names
        on mentions.article_key = plain_names.name_key
    inner join actor_articles
        on names.actor_id = actor_articles.actor_id
    left join plain_spellings
        on mentions.mention_text = plain_spellings.mention_text

),

scored as (

    select
        *,
        case
            when name_link = 'alias_seed' then 'alias_seed'
            when link_method <> 'exact' then 'surname_in_article'
            when name_link in ('variant', 'shorter_form') then 'transliteration'
            when actor_article_count = 1 then 'new'
            when plain_mention <> plain_canonical then 'transliteration'
            else 'exact'
        end as match_method

    from joined

),

resolved as (

    select
        -- ids
        mention_id,
        article_id,
        actor_id,

        -- strings
        canonical_name,
        resolved_actor_type as actor_type,
        mention_text,

        -- numerics
        start_char,
        end_char,
        sentence_index,

        -- how the mention was tied to its actor
        match_method,
        cast(
            case
                when match_method = 'surname_in_article' then 0.95
                -- against the canonical surname too, when the mention is a bare surname
                when match_method = 'transliteration'
                    then round(
                            greatest(
                                jaro_winkler_similarity(plain_mention, plain_canonical),
                                jaro_winkler_similarity(plain_mention, string_split(plain_canonical, ' ')[-1])
                            ),
                            3
                        )
                else 1.0
            end as double
        ) as match_score

    from scored

)

select * from resolved
