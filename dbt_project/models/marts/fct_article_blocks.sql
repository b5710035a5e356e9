-- Incremental (see _marts__docs.md, incremental_facts): the blocks of the articles not built yet;
-- the pre-hook (delete_reloaded_articles) first deletes the blocks of articles loaded again under
-- another batch_id or gone, so a re-cleaned article's blocks are written afresh. A block changes
-- only with its article's load, so nothing else is compared.
{{
    config(
        materialized='incremental',
        unique_key='block_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_reloaded_articles() }}"
    )
}}

with

blocks as (

    select
        *,
        article_id || ':b' || block_index as block_id

    from {{ ref('stg_newsetl__article_blocks') }}

),

articles as (

    -- the articles whose blocks this build writes: on an incremental build, those not built yet
    -- (after the pre-hook, the articles left in the table are the ones built already), so only
    -- their texts are split into lines
    select * from {{ ref('stg_newsetl__articles') }}
    {% if is_incremental() -%}
    where article_id not in (select distinct built.article_id from {{ this }} as built)
    {%- endif %}

),

lines_listed as (

    -- clean_text joins an article's blocks with line breaks, so block k is its k-th non-empty
    -- line. Read by splitting the text once: substring() at a character offset scans the text
    -- from its start, which made a long article of many paragraphs cost its length squared
    -- (issue 17: 1M characters of accented text in 4,424 paragraphs took 7.9 s, 4M 110 s).
    select
        article_id,
        list_filter(string_split(clean_text, chr(10)), lambda line: line <> '') as block_texts

    from articles

),

article_lines as (

    select
        article_id,
        unnest(block_texts) as block_text,
        unnest(range(len(block_texts))) as block_index

    from lines_listed

),

final as (

    select
        -- ids
        blocks.block_id,
        blocks.article_id,
        articles.batch_id,

        -- strings
        blocks.block_kind,
        article_lines.block_text,

        -- numerics
        blocks.block_index,
        blocks.start_char,
        blocks.end_char

    from blocks
    inner join articles
        on blocks.article_id = articles.article_id
    left join article_lines
        on blocks.article_id = article_lines.article_id
        and blocks.block_index = article_lines.block_index

)

select * from final
