{#-
    Purpose: the candidate pairs of the actor resolution's blocking, at a cost that follows the
    names, not their square. `blocks` is a relation of (name_key, block_key, block_order,
    name_data): each name under each of its blocking keys, with the text it is ordered by inside
    that block and what the caller's rules compare (a struct). Two names are a candidate when
    they share a block and lie at most `window` places apart in the block's order (sorted
    neighbourhood): a block of window + 1 names or fewer is compared in full, a larger one (a
    key that says too little to compare all its pairs, such as a common given name with a
    surname's initial) only between near neighbours, so a name meets at most 2 * window others
    per key. One row per candidate pair and shared key, its two names in the block's order (not
    name_key order), each with its name_data: the caller applies its (symmetric) rules to these
    rows and keeps the distinct pairs that pass, so the candidates, tens of millions at 600,000
    names, are never deduplicated or joined back to the names.
-#}
{% macro actor_block_neighbours(blocks, window) -%}
    with

    keyed as (

        -- once per name and key (two of a name's keys can be one string)
        select
            name_key,
            block_key,
            min(block_order) as block_order,
            any_value(name_data) as name_data

        from {{ blocks }}
        group by name_key, block_key

    ),

    neighbours as (

        -- each name with the next names of its block, up to the window (a window frame, not a
        -- self-join: a join on the block and rank built its hash table on the tens of millions
        -- of candidates, 4.2 GB at 600,000 names, where the frame holds the 3 million keyed rows)
        select
            name_key,
            name_data,
            unnest(
                list({ 'name_key': name_key, 'name_data': name_data }) over (
                    partition by block_key order by block_order, name_key
                    rows between 1 following and {{ window }} following
                )
            ) as other_name

        from keyed

    )

    select
        name_key,
        name_data,
        other_name['name_key'] as other_name_key,
        other_name['name_data'] as other_name_data

    from neighbours
{%- endmacro %}
