with

blocks as (

    select * from {{ ref('stg_newsetl__article_blocks') }}

),

articles as (

    select * from {{ ref('stg_newsetl__articles') }}

),

final as (

    select
        -- ids
        blocks.article_id || ':b' || blocks.block_index as block_id,
        blocks.article_id,

        -- strings
        blocks.block_kind,
        substring(articles.clean_text, blocks.start_char + 1, blocks.end_char - blocks.start_char) as block_text,

        -- numerics
        blocks.block_index,
        blocks.start_char,
        blocks.end_char

    from blocks
    inner join articles
        on blocks.article_id = articles.article_id

)

select * from final
