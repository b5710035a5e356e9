with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        -- ids
        cast(article_id as varchar) as article_id,
        cast(document_id as varchar) as document_id,
        cast(batch_id as varchar) as batch_id,

        -- strings
        cast(title as varchar) as title,
        cast(clean_text as varchar) as clean_text,
        cast(language as varchar) as language,
        cast(extraction_status as varchar) as extraction_status,
        cast(extraction_error as varchar) as extraction_error,

        -- numerics
        cast(source_part as integer) as source_part,
        cast(raw_char_count as bigint) as raw_char_count,
        cast(boilerplate_chars_removed as bigint) as boilerplate_chars_removed,
        cast(language_confidence as double) as language_confidence,

        -- timestamps
        cast(ingested_at as timestamp) as ingested_at

    from source

)

select * from renamed
