with

source as (

    select * from {{ source('raw', 'rejected_inputs') }}

),

renamed as (

    select
        -- ids
        cast(run_id as varchar) as run_id,

        -- strings
        cast(source_path as varchar) as source_path,
        cast(reason as varchar) as reject_reason,
        cast(message as varchar) as reject_message,
        cast(excerpt as varchar) as excerpt,

        -- numerics
        cast(record_number as integer) as record_number,

        -- timestamps
        cast(rejected_at as timestamp) as rejected_at

    from source

)

select * from renamed
