with

source as (

    select * from {{ source('raw', 'documents') }}

),

renamed as (

    select
        -- ids
        cast(document_id as varchar) as document_id,
        cast(batch_id as varchar) as batch_id,
        cast(external_id as varchar) as external_id,

        -- strings
        cast(source_uri as varchar) as source_uri,
        cast(source_name as varchar) as source_name,
        cast(input_format as varchar) as input_format,
        cast(encoding as varchar) as encoding,
        cast(url as varchar) as url,
        cast(author as varchar) as author,
        -- documents loaded before the column existed said nothing about their origin
        coalesce(cast(metadata_source as varchar), 'none') as metadata_source,
        cast(extractor as varchar) as extractor,

        -- numerics
        cast(byte_count as bigint) as byte_count,

        -- timestamps
        cast(published_at as timestamp) as published_at,
        cast(ingested_at as timestamp) as ingested_at

    from source

)

select * from renamed
