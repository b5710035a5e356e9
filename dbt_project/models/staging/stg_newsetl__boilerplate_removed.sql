with

source as (

    select * from {{ source('audit', 'boilerplate_removed') }}

),

renamed as (

    select
        -- ids
        cast(article_id as varchar) as article_id,

        -- strings
        cast(text as varchar) as removed_text,
        cast(rule as varchar) as rule_name,

        -- numerics
        cast(line_no as integer) as line_number

    from source

)

select * from renamed
