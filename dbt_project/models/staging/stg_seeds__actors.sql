{#-
    The bundled actors seed plus a user's extra actors (`--actors`), as the ingester recorded them
    in raw.extra_actors for its latest run. A user row for a seed actor overrides the fields it gives and
    adds its aliases. `represents_actor_id` is an optional seed column (not in the design.md
    contract): it is passed through when the seed has it, else null.
-#}
{%- set seed_columns = [] -%}
{%- if execute -%}
    {%- set seed_columns = adapter.get_columns_in_relation(ref('actors')) | map(attribute='name') | map('lower') | list -%}
{%- endif -%}

with

seed_actors as (

    select * from {{ ref('actors') }}

),

user_actors as (

    select * from {{ source('raw', 'extra_actors') }}

),

seed_renamed as (

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

    from seed_actors

),

user_renamed as (

    select
        actor_id,
        nullif(trim(represents_actor_id), '') as represents_actor_id,
        nullif(trim(name), '') as actor_name,
        nullif(trim(actor_type), '') as actor_type,
        nullif(trim(country_iso3), '') as country_iso3,
        nullif(trim(aliases), '') as aliases,
        nullif(trim(demonyms), '') as demonyms

    from user_actors

),

merged as (

    select
        coalesce(user_renamed.actor_id, seed_renamed.actor_id) as actor_id,
        coalesce(user_renamed.represents_actor_id, seed_renamed.represents_actor_id) as represents_actor_id,
        coalesce(user_renamed.actor_name, seed_renamed.actor_name) as actor_name,
        coalesce(user_renamed.actor_type, seed_renamed.actor_type) as actor_type,
        coalesce(user_renamed.country_iso3, seed_renamed.country_iso3) as country_iso3,
        concat_ws('|', seed_renamed.aliases, user_renamed.aliases) as aliases,
        concat_ws('|', seed_renamed.demonyms, user_renamed.demonyms) as demonyms,
        user_renamed.actor_id is not null as is_user_actor

    from seed_renamed
    full outer join user_renamed
        on seed_renamed.actor_id = user_renamed.actor_id

),

final as (

    select
        actor_id,
        represents_actor_id,
        actor_name,
        actor_type,
        country_iso3,
        nullif(aliases, '') as aliases,
        nullif(demonyms, '') as demonyms,
        is_user_actor

    from merged

)

select * from final
