with

source as (

    select * from {{ source('raw', 'mentions') }}

),

renamed as (

    select
        -- ids
        cast(mention_id as varchar) as mention_id,
        cast(article_id as varchar) as article_id,

        -- strings
        cast(mention_text as varchar) as mention_text,
        cast(entity_label as varchar) as entity_label,
        cast(actor_type as varchar) as actor_type,
        cast(name_key as varchar) as name_key,
        cast(article_key as varchar) as article_key,
        cast(link_method as varchar) as link_method,

        -- numerics
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char,
        cast(sentence_index as integer) as sentence_index

    from source

)

select * from renamed
