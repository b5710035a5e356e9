with

source as (

    select * from {{ source('raw', 'article_signatures') }}

),

renamed as (

    select
        -- ids
        cast(article_id as varchar) as article_id,

        -- numerics
        cast(shingle_count as bigint) as shingle_count,

        -- lists
        cast(minhash as uinteger[]) as minhash,
        cast(band_keys as bigint[]) as band_keys

    from source

)

select * from renamed
