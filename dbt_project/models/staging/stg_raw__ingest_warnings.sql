with

source as (

    select * from {{ source('raw', 'ingest_warnings') }}

),

renamed as (

    select
        -- ids
        cast(run_id as varchar) as run_id,
        cast(article_id as varchar) as article_id,

        -- strings
        cast(source_path as varchar) as source_path,
        cast(kind as varchar) as warning_kind,
        cast(message as varchar) as warning_message,

        -- numerics
        cast(record_number as integer) as record_number,

        -- timestamps
        cast(warned_at as timestamp) as warned_at

    from source

)

select * from renamed
