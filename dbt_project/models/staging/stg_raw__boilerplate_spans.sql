with

source as (

    select * from {{ source('raw', 'boilerplate_spans') }}

),

renamed as (

    select
        -- ids
        cast(article_id as varchar) as article_id,
        cast(run_id as varchar) as run_id,

        -- span
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char,
        cast(kind as varchar) as boilerplate_kind,
        cast(text as varchar) as boilerplate_text

    from source

)

select * from renamed
