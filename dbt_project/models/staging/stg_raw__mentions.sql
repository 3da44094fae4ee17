with

source as (

    select * from {{ source('raw', 'mentions') }}

),

renamed as (

    select
        -- ids
        cast(mention_id as varchar) as mention_id,
        cast(article_id as varchar) as article_id,
        cast(actor_id as varchar) as actor_id,
        cast(run_id as varchar) as run_id,

        -- strings
        cast(text as varchar) as mention_text,
        cast(label as varchar) as ner_label,
        cast(actor_type as varchar) as actor_type,

        -- numerics
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char,

        -- booleans
        cast(in_boilerplate as boolean) as is_in_boilerplate

    from source

)

select * from renamed
