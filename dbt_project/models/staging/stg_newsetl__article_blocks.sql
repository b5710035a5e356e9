with

source as (

    select * from {{ source('raw', 'article_blocks') }}

),

renamed as (

    select
        -- ids
        cast(article_id as varchar) as article_id,

        -- strings
        cast(kind as varchar) as block_kind,

        -- numerics
        cast(block_index as integer) as block_index,
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char

    from source

)

select * from renamed
