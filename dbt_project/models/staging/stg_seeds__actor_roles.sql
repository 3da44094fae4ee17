{#-
    The bundled actor roles seed plus the roles of a user's extra actors (`--actors`), as the
    ingester recorded them in raw.extra_actor_roles. `role_label` is an optional seed column (not in the design.md contract): it is passed
    through when the seed has it, else null.
-#}
{%- set seed_columns = [] -%}
{%- if execute -%}
    {%- set seed_columns = adapter.get_columns_in_relation(ref('actor_roles')) | map(attribute='name') | map('lower') | list -%}
{%- endif -%}

with

source as (

    select * from {{ ref('actor_roles') }}

),

user_roles as (

    select * from {{ source('raw', 'extra_actor_roles') }}

),

renamed as (

    select
        -- ids
        cast(actor_id as varchar) as actor_id,
        cast(of_actor_id as varchar) as of_actor_id,

        -- strings
        cast(role as varchar) as role,
        {%- if 'role_label' in seed_columns %}
        nullif(trim(cast(role_label as varchar)), '') as role_label,
        {%- else %}
        cast(null as varchar) as role_label,
        {%- endif %}

        -- booleans
        coalesce(cast(is_leader as boolean), false) as is_leader,

        -- dates (empty = open)
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to

    from source

),

user_renamed as (

    select
        actor_id,
        of_actor_id,
        role,
        nullif(trim(role_label), '') as role_label,
        coalesce(is_leader, false) as is_leader,
        valid_from,
        valid_to

    from user_roles

),

final as (

    select * from renamed
    union all
    select * from user_renamed

)

select * from final
