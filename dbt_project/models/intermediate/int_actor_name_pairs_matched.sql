-- One row per pair of names (int_actor_names_grouped) that the automatic rules take for one
-- actor, and how. Two kinds of pair:
--
-- pair_kind = 'variant' (symmetric; name_key < other_name_key): two spellings of one name.
--   * people: both written with a given name and a surname; the surnames agree (same consonant
--     skeleton, or jaro-winkler >= var newsetl_actor_surname_min_similarity, 0.9, on the plain
--     words) and so do the given names (same skeleton, or jaro-winkler >=
--     newsetl_actor_given_name_min_similarity, 0.85). "Sergey Shoygu" = "Sergei Shoigu";
--     "Sergey Lavrov" is not "Sergey Shoygu", and "Fidel Castro" is not "Raul Castro".
--   * organisations and places: same number of words, each word pair alike (jaro-winkler >=
--     newsetl_actor_name_word_min_similarity, 0.9, on the plain words), the whole >=
--     newsetl_actor_name_min_similarity (0.93): "Libya National Army" = "Libyan National Army",
--     but "Iran" is not "Iraq" (0.88).
--   * acronyms no article spells out: the expansion other articles give it ("GNA" ->
--     "Government of National Accord"), else the one name of the same type whose initials it
--     is ("UK" the place -> "United Kingdom", never "Universal Studios" the company).
-- pair_kind = 'shorter_form' (directed: name_key is the shorter): a bare surname or partial
--   name ("Haftar", "Tayyip Erdogan") and a longer person name that has its surname and all its
--   words. Only the longest such names are kept; int_actor_names_clustered attaches the short
--   form when they all belong to one actor.
--
-- Pairs naming two spellings the analysts listed in the actor_never_merge seed are dropped.
--
-- Blocking: the similarity rules are only evaluated on names that share a blocking key, never
-- on all pairs, so the cost follows the size of the blocks, not the square of the names. A
-- person's keys: its surname skeleton (so every pair with equal surname skeletons is compared);
-- its given-name skeleton with the first letter, or with the last two letters, of the plain
-- surname; its given-name initial with the surname's initial and last two letters; the given
-- name's first three letters, or the three after its first, with the surname's initial
-- ("Yevgeny" / "Evgeny"); the surname's first three letters, or the three after its first, with
-- the given name's last letter ("Andrew Liveris" / "Drew Ivers"). A named thing's keys: its
-- type and word count with, for each word, its first two letters, or its first and last
-- letters, or its last two letters; or with the name's first four letters. A pair that shares
-- no key is not compared. A key's block is compared in full when it holds at most
-- newsetl_actor_block_window + 1 names (25 + 1); a larger block, whose key says too little (a
-- common given name with a surname's initial), only between names at most the window apart in
-- the block's order, which is the part of the name the key leaves out (the surname for a key
-- built on the given name, the name read backwards for word endings): macro
-- actor_block_neighbours. So each name meets a bounded number of others and the pairing grows
-- with the names, not with the square of the blocks (blocks of a few-letter key grow with the
-- names). On the sample corpus and polnear_dev the pairs are the all-pairs ones row for row.
with

names as (

    select * from {{ ref('int_actor_names_grouped') }}

),

mentions as (

    select * from {{ ref('stg_newsetl__mentions') }}

),

never_merge as (

    select
        {{ actor_name_plain('name_a') }} as plain_a,
        {{ actor_name_plain('name_b') }} as plain_b

    from {{ ref('actor_never_merge') }}

),

full_people as (

    select * from names
    where actor_type = 'person' and token_count >= 2 and not is_acronym

),

person_blocks as (

    -- each key with the text its block is ordered by: the part of the name the key leaves out
    select
        name_key,
        unnest([
            's:' || surname_key,
            'gf:' || key_tokens[1] || ':' || left(plain_tokens[-1], 1),
            'ge:' || key_tokens[1] || ':' || right(plain_tokens[-1], 2),
            'ie:' || left(plain_tokens[1], 1) || left(plain_tokens[-1], 1) || ':' || right(plain_tokens[-1], 2),
            -- the given name's first three letters, or the three after its first, with the
            -- surname's initial ("Yevgeny" / "Evgeny"), in one namespace
            'gp:' || left(plain_tokens[1], 3) || ':' || left(plain_tokens[-1], 1),
            'gp:' || substr(plain_tokens[1], 2, 3) || ':' || left(plain_tokens[-1], 1),
            -- the surname's first three letters, or the three after its first ("Liveris" / "Ivers",
            -- "Gaddafi" / "Qaddafi"), in one namespace, with the given name's last letter
            'sp:' || right(plain_tokens[1], 1) || ':' || left(plain_tokens[-1], 3),
            'sp:' || right(plain_tokens[1], 1) || ':' || substr(plain_tokens[-1], 2, 3)
        ]) as block_key,
        unnest([
            plain_name,
            plain_tokens[-1],
            plain_tokens[-1],
            plain_tokens[-1],
            plain_tokens[-1],
            plain_tokens[-1],
            substr(plain_tokens[-1], 4),
            substr(plain_tokens[-1], 5)
        ]) as block_order,
        {
            'surname_key': surname_key,
            'surname': plain_tokens[-1],
            'given_key': key_tokens[1],
            'given_name': plain_tokens[1]
        } as name_data

    from full_people

),

person_candidates as (

    {{ actor_block_neighbours('person_blocks', var('newsetl_actor_block_window')) }}

),

person_variants as (

    -- the rules are symmetric: a pair passes in either order
    select
        pairs.name_key,
        pairs.other_name_key,
        jaro_winkler_similarity(a.plain_name, b.plain_name) as match_score

    from (
        select distinct
            least(name_key, other_name_key) as name_key,
            greatest(name_key, other_name_key) as other_name_key

        from person_candidates
        where
            (
                name_data['surname_key'] = other_name_data['surname_key']
                or jaro_winkler_similarity(name_data['surname'], other_name_data['surname'])
                >= {{ var('newsetl_actor_surname_min_similarity') }}
            )
            and (
                name_data['given_key'] = other_name_data['given_key']
                or jaro_winkler_similarity(name_data['given_name'], other_name_data['given_name'])
                >= {{ var('newsetl_actor_given_name_min_similarity') }}
            )
    ) as pairs
    inner join full_people as a
        on pairs.name_key = a.name_key
    inner join full_people as b
        on pairs.other_name_key = b.name_key

),

named_things as (

    select * from names
    where actor_type in ('organization', 'location') and not is_acronym

),

thing_blocks as (

    select
        name_key,
        unnest([
            actor_type || ':' || len(plain_tokens) || ':'
            || array_to_string(list_transform(plain_tokens, lambda word: left(word, 2)), ' '),
            actor_type || ':' || len(plain_tokens) || ':'
            || array_to_string(list_transform(plain_tokens, lambda word: left(word, 1) || right(word, 1)), ' '),
            actor_type || ':' || len(plain_tokens) || ':'
            || array_to_string(list_transform(plain_tokens, lambda word: right(word, 2)), ' '),
            actor_type || ':' || len(plain_tokens) || ':' || left(plain_name, 4)
        ]) as block_key,
        -- a block keyed on the words' endings is ordered by the name read backwards
        unnest([plain_name, plain_name, reverse(plain_name), plain_name]) as block_order,
        { 'plain_name': plain_name, 'plain_tokens': plain_tokens } as name_data

    from named_things

),

thing_candidates as (

    {{ actor_block_neighbours('thing_blocks', var('newsetl_actor_block_window')) }}

),

thing_variants as (

    -- the keys carry the type and the word count, so a candidate pair has both in common; the
    -- rules are symmetric: a pair passes in either order
    select distinct
        least(name_key, other_name_key) as name_key,
        greatest(name_key, other_name_key) as other_name_key,
        jaro_winkler_similarity(name_data['plain_name'], other_name_data['plain_name']) as match_score

    from thing_candidates
    where
        jaro_winkler_similarity(name_data['plain_name'], other_name_data['plain_name'])
        >= {{ var('newsetl_actor_name_min_similarity') }}
        and list_min(
            list_transform(
                list_zip(name_data['plain_tokens'], other_name_data['plain_tokens']),
                lambda pair: case
                    when pair[1] = pair[2] then 1.0
                    else jaro_winkler_similarity(pair[1], pair[2])
                end
            )
        ) >= {{ var('newsetl_actor_name_word_min_similarity') }}

),

acronym_links as (

    -- acronyms that some article spells out, and what to
    select
        name_key as acronym_key,
        article_key as expansion_key,
        count(*) as link_count

    from mentions
    where link_method = 'acronym_in_article'
    group by name_key, article_key

),

open_acronyms as (

    select * from names
    where is_acronym

),

acronym_candidates as (

    select
        open_acronyms.name_key,
        acronym_links.expansion_key as other_name_key,
        1 as evidence_rank

    from open_acronyms
    inner join acronym_links
        on open_acronyms.name_key = acronym_links.acronym_key

    union all

    select
        open_acronyms.name_key,
        names.name_key as other_name_key,
        2 as evidence_rank

    from open_acronyms
    inner join names
        on open_acronyms.name_key = names.name_initials
        and open_acronyms.actor_type = names.actor_type
        and names.token_count >= 2
        and not names.is_acronym

),

acronym_best_evidence as (

    select * from acronym_candidates
    qualify evidence_rank = min(evidence_rank) over (partition by name_key)

),

acronym_variants as (

    -- only when the evidence points to one name
    select
        name_key,
        min(other_name_key) as other_name_key,
        0.9 as match_score

    from acronym_best_evidence
    group by name_key
    having count(distinct other_name_key) = 1

),

longer_forms as (

    select
        a.name_key,
        b.name_key as other_name_key,
        jaro_winkler_similarity(a.plain_tokens[-1], b.plain_tokens[-1]) as match_score

    from names as a
    inner join full_people as b
        on a.surname_key = b.surname_key
        and a.token_count < b.token_count
        and list_has_all(b.key_tokens, a.key_tokens)
    where a.actor_type = 'person' and not a.is_acronym

),

longest_forms as (

    -- drop a candidate that is itself a shorter form of another candidate of the same name
    select longer_forms.*
    from longer_forms
    where
        not exists (
            select 1
            from longer_forms as longer
            inner join names as candidate
                on longer.other_name_key = candidate.name_key
            inner join names as current_candidate
                on longer_forms.other_name_key = current_candidate.name_key
            where
                longer.name_key = longer_forms.name_key
                and candidate.token_count > current_candidate.token_count
                and candidate.surname_key = current_candidate.surname_key
                and list_has_all(candidate.key_tokens, current_candidate.key_tokens)
        )

),

all_pairs as (

    select name_key, other_name_key, 'variant' as pair_kind, 'person_name' as pair_rule, match_score
    from person_variants
    union all
    select name_key, other_name_key, 'variant' as pair_kind, 'similar_name' as pair_rule, match_score
    from thing_variants
    union all
    select
        least(name_key, other_name_key) as name_key,
        greatest(name_key, other_name_key) as other_name_key,
        'variant' as pair_kind,
        'acronym' as pair_rule,
        match_score
    from acronym_variants
    union all
    select name_key, other_name_key, 'shorter_form' as pair_kind, 'surname' as pair_rule, match_score
    from longest_forms

),

allowed_pairs as (

    select all_pairs.*
    from all_pairs
    inner join names as a
        on all_pairs.name_key = a.name_key
    inner join names as b
        on all_pairs.other_name_key = b.name_key
    where
        not exists (
            select 1
            from never_merge
            where
                (
                    list_contains(a.plain_spellings, never_merge.plain_a)
                    and list_contains(b.plain_spellings, never_merge.plain_b)
                )
                or (
                    list_contains(a.plain_spellings, never_merge.plain_b)
                    and list_contains(b.plain_spellings, never_merge.plain_a)
                )
        )

),

final as (

    select
        -- ids
        name_key,
        other_name_key,

        -- strings
        pair_kind,
        pair_rule,

        -- numerics
        cast(match_score as double) as match_score

    from allowed_pairs

)

select * from final
