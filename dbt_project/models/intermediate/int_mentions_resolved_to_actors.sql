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

joined as (

    select
        mentions.*,
        names.actor_id,
        names.canonical_name,
        names.actor_type as resolved_actor_type,
        names.name_link,
        {{ actor_name_plain('mentions.mention_text') }} as plain_mention,
        {{ actor_name_plain('names.canonical_name') }} as plain_canonical,
        count(distinct mentions.article_id) over (partition by names.actor_id) as actor_article_count

    from mentions
    inner join names
        on mentions.article_key = names.name_key

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
        end as match_method,
        greatest(
            jaro_winkler_similarity(plain_mention, plain_canonical),
            jaro_winkler_similarity(plain_mention, string_split(plain_canonical, ' ')[-1])
        ) as spelling_similarity

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
                when match_method = 'transliteration' then round(spelling_similarity, 3)
                else 1.0
            end as double
        ) as match_score

    from scored

)

select * from resolved
