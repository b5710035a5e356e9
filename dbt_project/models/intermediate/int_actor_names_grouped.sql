-- One row per name across the corpus: an article_key (the fullest form a mention refers to in
-- its article, see newsetl.resolve.link_mentions), with what the actor resolution compares.
--
-- actor_type: a name tagged differently in different articles (NER calls "Haftar" ORG in one
-- and PERSON in another) takes its most frequent type; ties go person > organization > location,
-- since the extractor retypes towards person only on evidence.
with

mentions as (

    select * from {{ ref('stg_newsetl__mentions') }}

),

type_votes as (

    select
        article_key,
        actor_type,
        count(*) as vote_count,
        case actor_type when 'person' then 3 when 'organization' then 2 else 1 end as type_priority

    from mentions
    group by article_key, actor_type

),

name_types as (

    select
        article_key,
        arg_max(actor_type, vote_count * 10 + type_priority) as actor_type

    from type_votes
    group by article_key

),

full_spellings as (

    -- spellings that write the name in full (the mention is its own article_key)
    select
        article_key,
        mention_text,
        count(*) as spelling_count

    from mentions
    where name_key = article_key
    group by article_key, mention_text

),

chosen_spellings as (

    -- most frequent, then longest, then not all capitals, then alphabetical: deterministic
    select
        article_key,
        arg_max(
            mention_text,
            (spelling_count, length(mention_text), mention_text <> upper(mention_text), mention_text)
        ) as spelled_name

    from full_spellings
    group by article_key

),

distinct_spellings as (

    select distinct
        article_key,
        mention_text

    from mentions

),

spellings as (

    -- the name function runs once per distinct spelling of a name, not once per mention
    select
        article_key,
        list_sort(list_distinct(list({{ actor_name_plain('mention_text') }}))) as plain_spellings

    from distinct_spellings
    group by article_key

),

counts as (

    select
        mentions.article_key,
        count(*) as mention_count,
        count(distinct mentions.article_id) as article_count,
        min(mentions.article_id) as first_article_id,
        max(mentions.article_id) as last_article_id,
        any_value(spellings.plain_spellings) as plain_spellings

    from mentions
    inner join spellings
        on mentions.article_key = spellings.article_key
    group by mentions.article_key

),

grouped as (

    select
        -- ids
        counts.article_key as name_key,

        -- strings
        name_types.actor_type,
        coalesce(chosen_spellings.spelled_name, counts.article_key) as spelled_name,
        {{ actor_name_plain('coalesce(chosen_spellings.spelled_name, counts.article_key)') }} as plain_name,
        string_split(counts.article_key, ' ') as key_tokens,
        counts.plain_spellings,

        -- numerics
        len(string_split(counts.article_key, ' ')) as token_count,
        counts.mention_count,
        counts.article_count,
        counts.first_article_id,
        counts.last_article_id,

        -- booleans
        -- 2-6 capitals, optionally dotted (newsetl.resolve.names.is_acronym, as the extractor)
        newsetl_is_acronym(coalesce(chosen_spellings.spelled_name, '')) as is_acronym

    from counts
    inner join name_types
        on counts.article_key = name_types.article_key
    left join chosen_spellings
        on counts.article_key = chosen_spellings.article_key

),

final as (

    select
        *,
        key_tokens[-1] as surname_key,
        string_split(plain_name, ' ') as plain_tokens,
        -- initials of the plain words other than connectors: "Government of National Accord" -> 'gna'
        -- (newsetl.resolve.names.initials, as the in-article acronym links)
        newsetl_name_initials(spelled_name) as name_initials

    from grouped

)

select * from final
