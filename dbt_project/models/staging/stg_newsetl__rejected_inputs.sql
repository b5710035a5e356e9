with

source as (

    select * from {{ source('audit', 'rejected_inputs') }}

),

renamed as (

    select
        -- strings
        cast(source_uri as varchar) as source_uri,
        cast(reason as varchar) as reason,
        cast(detail as varchar) as detail,

        -- timestamps
        cast(rejected_at as timestamp) as rejected_at

    from source

)

select * from renamed
