with

source as (

    select * from {{ ref('topics') }}

),

renamed as (

    select
        -- ids
        cast(topic_id as varchar) as topic_id,

        -- strings
        cast(label as varchar) as topic_label,
        cast(description as varchar) as topic_description,
        nullif(trim(cast(match_terms as varchar)), '') as match_terms,
        nullif(trim(cast(exclude_terms as varchar)), '') as exclude_terms,
        nullif(trim(cast(yields_to as varchar)), '') as yields_to

    from source

)

select * from renamed
