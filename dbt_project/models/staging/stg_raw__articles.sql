with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        -- ids
        cast(article_id as varchar) as article_id,
        cast(run_id as varchar) as run_id,

        -- strings
        cast(title as varchar) as title,
        cast(text as varchar) as text,
        cast(source as varchar) as source_name,
        cast(url as varchar) as url,
        cast(author as varchar) as author,
        cast(source_path as varchar) as source_path,
        cast(content_hash as varchar) as content_hash,
        cast(extractor_version as varchar) as extractor_version,

        -- numerics
        cast(record_number as integer) as record_number,
        cast(word_count as integer) as word_count,

        -- timestamps
        cast(published_at as timestamp) as published_at,
        cast(published_at as date) as published_date,
        cast(ingested_at as timestamp) as ingested_at

    from source

)

select * from renamed
