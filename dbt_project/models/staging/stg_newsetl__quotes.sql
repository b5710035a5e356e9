with

source as (

    select * from {{ source('raw', 'quotes') }}

),

renamed as (

    select
        -- ids
        cast(quote_id as varchar) as quote_id,
        cast(article_id as varchar) as article_id,
        cast(speaker_mention_id as varchar) as speaker_mention_id,

        -- strings
        cast(quote_text as varchar) as quote_text,
        cast(quote_type as varchar) as quote_type,
        cast(speaker_text as varchar) as speaker_text,
        cast(cue_verb as varchar) as cue_verb,
        cast(attribution_kind as varchar) as attribution_kind,
        cast(extraction_method as varchar) as extraction_method,

        -- numerics
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char,
        cast(sentence_index as integer) as sentence_index

    from source

)

select * from renamed
