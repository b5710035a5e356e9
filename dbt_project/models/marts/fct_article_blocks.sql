with

blocks as (

    select * from {{ ref('stg_newsetl__article_blocks') }}

),

articles as (

    select * from {{ ref('stg_newsetl__articles') }}

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
        blocks.article_id || ':b' || blocks.block_index as block_id,
        blocks.article_id,

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
