{#-
    Purpose: the candidate pairs of the actor resolution's blocking, at a cost that follows the
    names, not their square. `blocks` is a relation of (name_key, block_key, block_order): each
    name under each of its blocking keys, with the text it is ordered by inside that block. Two
    names are a candidate when they share a block and lie at most `window` places apart in the
    block's order (sorted neighbourhood): a block of window + 1 names or fewer is compared in
    full, a larger one (a key that says too little to compare all its pairs, such as a common
    given name with a surname's initial) only between near neighbours, so a name meets at most
    2 * window others per key. One row per unordered pair (name_key < other_name_key).
-#}
{% macro actor_block_neighbours(blocks, window) -%}
    with

    keyed as (

        -- once per name and key (two of a name's keys can be one string)
        select
            name_key,
            block_key,
            min(block_order) as block_order

        from {{ blocks }}
        group by name_key, block_key

    ),

    ranked as (

        select
            name_key,
            block_key,
            row_number() over (partition by block_key order by block_order, name_key) as block_rank,
            count(*) over (partition by block_key) as block_size

        from keyed

    ),

    neighbours as (

        -- each name with the ranks of the next names of its block, up to the window
        select
            name_key,
            block_key,
            block_rank + unnest(range(1, least({{ window }}, block_size - block_rank) + 1)) as other_rank

        from ranked
        where block_rank < block_size

    )

    select distinct
        least(neighbours.name_key, ranked.name_key) as name_key,
        greatest(neighbours.name_key, ranked.name_key) as other_name_key

    from neighbours
    inner join ranked
        on
            neighbours.block_key = ranked.block_key
            and neighbours.other_rank = ranked.block_rank
{%- endmacro %}
