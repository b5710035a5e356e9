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
--
-- Incremental (delete+insert on mention_id): a build resolves the mentions of the articles it has
-- not resolved yet (new, or loaded again under another batch_id: the pre-hook first deletes the
-- mentions of those and of the articles gone) and the mentions whose name changed in
-- int_actor_name_states (actor, canonical name, type, link, or its actor's one-article status);
-- every other mention would resolve exactly as it did. A full refresh gives the same rows.
{{
    config(
        materialized='incremental',
        unique_key='mention_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_reloaded_articles() }}"
    )
}}
with

all_mentions as (

    select * from {{ ref('stg_newsetl__mentions') }}

),

articles as (

    select
        article_id,
        batch_id

    from {{ ref('stg_newsetl__articles') }}

),

names as (

    select * from {{ ref('int_actor_name_states') }}

),

mentions as (

    -- the mentions this build resolves
    select all_mentions.*
    from all_mentions
    {% if is_incremental() -%}
    where
        -- after the pre-hook, the articles left in the table are the ones resolved already
        all_mentions.article_id not in (select resolved.article_id from {{ this }} as resolved)
        or all_mentions.article_key in (
            select names.name_key from names
            where names.is_changed
        )
    {%- endif %}

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

joined as (

    select
        mentions.*,
        articles.batch_id,
        names.actor_id,
        names.canonical_name,
        names.actor_type as resolved_actor_type,
        names.name_link,
        names.is_single_article_actor,
        names.plain_canonical,
        plain_spellings.plain_mention

    from mentions
    inner join names
        on mentions.article_key = names.name_key
    left join articles
        on mentions.article_id = articles.article_id
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
            when is_single_article_actor then 'new'
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
        batch_id,
        article_key,

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
