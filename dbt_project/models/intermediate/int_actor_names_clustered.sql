-- One row per name (int_actor_names_grouped), with the actor it belongs to.
--
-- 1. Names joined by 'variant' pairs form groups (connected components, found by label
--    propagation over the pairs: each name takes the smallest name_key of its component).
-- 2. A name left alone in step 1 that is a shorter form of longer names ('shorter_form' pairs:
--    a bare surname, a partial name) joins their group when they all lie in one group: "Hafter"
--    in an article that never writes the given name joins Khalifa Haftar; "Castro" stays alone
--    when the corpus has Fidel and Raul Castro.
-- 3. The analysts' actor_aliases seed overrides: a name whose full spelling is a seed alias (or
--    the seed's canonical_name) belongs to the seed's actor, and so does the rest of its group
--    when the group meets only one seeded actor.
--
-- actor_id is the md5 of actor_type and the actor's key (the seed's canonical name, else the
-- group's key: its smallest name_key), never of row order, so reruns on the same data give the
-- same ids. Not the head's key: the head is chosen by mention counts, which every batch moves,
-- and an id that followed it changed under the articles already linked into stories (a batch
-- of 500 on a 50,000-article archive re-keyed one group of 5 names and relinked its 1,450
-- articles); the smallest key moves only when a new name with a smaller key joins the group.
with

names as (

    select * from {{ ref('int_actor_names_grouped') }}

),

pairs as (

    select * from {{ ref('int_actor_name_pairs_matched') }}

),

aliases as (

    select
        alias,
        canonical_name,
        actor_type,
        {{ actor_name_plain('alias') }} as plain_alias,
        {{ actor_name_plain('canonical_name') }} as plain_canonical

    from {{ ref('actor_aliases') }}

),

variant_components as (

    -- each name of a variant pair with the smallest name_key of its connected group: a union-find
    -- over all the pairs at once (newsetl.resolve.groups, as the SQL function
    -- newsetl_name_groups), whose cost follows the pairs, not the square of a group's names
    select unnest(newsetl_name_groups(list(name_key), list(other_name_key))) as component

    from pairs
    where pair_kind = 'variant'

),

variant_groups as (

    select
        names.name_key,
        coalesce(variant_components.component.group_key, names.name_key) as group_key

    from names
    left join variant_components
        on names.name_key = variant_components.component.name_key

),

group_sizes as (

    select
        group_key,
        count(*) as name_count

    from variant_groups
    group by group_key

),

short_form_targets as (

    -- alone after step 1, with every longest form in a single group
    select
        pairs.name_key,
        min(target_groups.group_key) as group_key,
        max(pairs.match_score) as match_score

    from pairs
    inner join variant_groups as source_groups
        on pairs.name_key = source_groups.name_key
    inner join group_sizes
        on source_groups.group_key = group_sizes.group_key
    inner join variant_groups as target_groups
        on pairs.other_name_key = target_groups.name_key
    where pairs.pair_kind = 'shorter_form' and group_sizes.name_count = 1
    group by pairs.name_key
    having count(distinct target_groups.group_key) = 1

),

automatic_groups as (

    select
        names.*,
        coalesce(short_form_targets.group_key, variant_groups.group_key) as group_key,
        case when short_form_targets.name_key is not null then 'shorter_form' else 'variant' end as automatic_link

    from names
    inner join variant_groups
        on names.name_key = variant_groups.name_key
    left join short_form_targets
        on names.name_key = short_form_targets.name_key

),

name_seeds as (

    -- seed rows whose alias or canonical name is one of the name's full spellings
    select
        automatic_groups.name_key,
        min(aliases.canonical_name) as seed_canonical_name,
        min(aliases.actor_type) as seed_actor_type

    from automatic_groups
    inner join aliases
        on list_contains(automatic_groups.plain_spellings, aliases.plain_alias)
        or list_contains(automatic_groups.plain_spellings, aliases.plain_canonical)
    group by automatic_groups.name_key

),

group_seeds as (

    -- a group that meets exactly one seeded actor follows it as a whole
    select
        automatic_groups.group_key,
        min(name_seeds.seed_canonical_name) as seed_canonical_name,
        min(name_seeds.seed_actor_type) as seed_actor_type

    from automatic_groups
    inner join name_seeds
        on automatic_groups.name_key = name_seeds.name_key
    group by automatic_groups.group_key
    having count(distinct name_seeds.seed_canonical_name) = 1

),

group_heads as (

    -- the fullest name of each automatic group: most words, not an acronym, most mentioned
    select
        group_key,
        arg_max(
            name_key,
            (not is_acronym, token_count, mention_count, article_count, name_key)
        ) as head_name_key

    from automatic_groups
    group by group_key

),

assigned as (

    select
        automatic_groups.name_key,
        automatic_groups.group_key,
        automatic_groups.automatic_link,
        coalesce(name_seeds.seed_canonical_name, group_seeds.seed_canonical_name) as seed_canonical_name,
        coalesce(name_seeds.seed_actor_type, group_seeds.seed_actor_type) as seed_actor_type,
        name_seeds.name_key is not null as is_seed_alias,
        head.name_key as head_name_key,
        head.spelled_name as head_spelled_name,
        head.actor_type as head_actor_type,
        automatic_groups.plain_name

    from automatic_groups
    inner join group_heads
        on automatic_groups.group_key = group_heads.group_key
    inner join names as head
        on group_heads.head_name_key = head.name_key
    left join name_seeds
        on automatic_groups.name_key = name_seeds.name_key
    left join group_seeds
        on automatic_groups.group_key = group_seeds.group_key

),

final as (

    select
        -- ids
        name_key,
        md5(
            case
                when seed_canonical_name is not null
                    then seed_actor_type || ':seed:' || {{ actor_name_plain('seed_canonical_name') }}
                else head_actor_type || ':' || group_key
            end
        ) as actor_id,

        -- strings
        coalesce(seed_canonical_name, head_spelled_name) as canonical_name,
        coalesce(seed_actor_type, head_actor_type) as actor_type,
        case
            when seed_canonical_name is not null then 'alias_seed'
            when name_key = head_name_key then 'own'
            else automatic_link
        end as name_link,

        -- numerics
        case
            when seed_canonical_name is not null then 1.0
            else jaro_winkler_similarity(plain_name, {{ actor_name_plain('head_spelled_name') }})
        end as name_similarity,

        -- booleans
        is_seed_alias

    from assigned

)

select * from final
