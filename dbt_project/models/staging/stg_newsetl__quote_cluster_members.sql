with

source as (

    select * from {{ source('raw', 'quote_cluster_members') }}

),

renamed as (

    select
        -- ids
        cast(quote_id as varchar) as quote_id,
        cast(cluster_key as varchar) as cluster_key,

        -- strings
        cast(block_key as varchar) as block_key,
        cast(language as varchar) as language

    from source

)

select * from renamed
