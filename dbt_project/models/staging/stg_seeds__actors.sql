{#-
    `represents_actor_id` is an optional seed column (not in the design.md contract): it is
    passed through when the seed has it, else null.
-#}
{%- set seed_columns = [] -%}
{%- if execute -%}
    {%- set seed_columns = adapter.get_columns_in_relation(ref('actors')) | map(attribute='name') | map('lower') | list -%}
{%- endif -%}

with

source as (

    select * from {{ ref('actors') }}

),

renamed as (

    select
        -- ids
        cast(actor_id as varchar) as actor_id,
        {%- if 'represents_actor_id' in seed_columns %}
        nullif(trim(cast(represents_actor_id as varchar)), '') as represents_actor_id,
        {%- else %}
        cast(null as varchar) as represents_actor_id,
        {%- endif %}

        -- strings
        cast(name as varchar) as actor_name,
        cast(actor_type as varchar) as actor_type,
        nullif(trim(cast(country_iso3 as varchar)), '') as country_iso3,
        nullif(trim(cast(aliases as varchar)), '') as aliases,
        nullif(trim(cast(demonyms as varchar)), '') as demonyms

    from source

)

select * from renamed
