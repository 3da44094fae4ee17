with

source as (

    select * from {{ source('raw', 'ingest_runs') }}

),

renamed as (

    select
        -- ids
        cast(run_id as varchar) as run_id,

        -- strings
        cast(paths as varchar) as input_paths,
        cast(model as varchar) as spacy_model,
        cast(status as varchar) as run_status,

        -- numerics
        cast(files_seen as integer) as files_seen,
        cast(records_seen as integer) as records_seen,
        cast(articles_loaded as integer) as articles_loaded,
        cast(articles_unchanged as integer) as articles_unchanged,
        cast(rejected as integer) as rejected_count,
        cast(warnings as integer) as warning_count,
        cast(statements as integer) as statement_count,

        -- timestamps
        cast(started_at as timestamp) as started_at,
        cast(finished_at as timestamp) as finished_at

    from source

)

select * from renamed
