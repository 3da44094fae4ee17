{#-
    The taxonomy in effect: the topics the ingester recorded in raw.taxonomy for its latest run
    (a user's `--topics` file, or the bundled seed), else the bundled `topics` seed (a warehouse
    whose ingester recorded none).
-#}

with

seed_topics as (

    select * from {{ ref('topics') }}

),

recorded_topics as (

    select * from {{ source('raw', 'taxonomy') }}

),

seed_renamed as (

    select
        -- ids
        cast(topic_id as varchar) as topic_id,

        -- strings
        cast(label as varchar) as topic_label,
        cast(description as varchar) as topic_description,
        nullif(trim(cast(match_terms as varchar)), '') as match_terms,
        nullif(trim(cast(exclude_terms as varchar)), '') as exclude_terms,
        nullif(trim(cast(yields_to as varchar)), '') as yields_to,
        nullif(trim(cast(support_means as varchar)), '') as support_means,
        nullif(trim(cast(oppose_means as varchar)), '') as oppose_means,
        nullif(trim(cast(measure_targets as varchar)), '') as measure_targets,

        -- booleans
        coalesce(cast(accusation_supports as boolean), false) as accusation_supports,

        -- provenance
        'seed' as taxonomy_source

    from seed_topics

),

recorded_renamed as (

    select
        topic_id,
        label as topic_label,
        description as topic_description,
        nullif(trim(match_terms), '') as match_terms,
        nullif(trim(exclude_terms), '') as exclude_terms,
        nullif(trim(yields_to), '') as yields_to,
        nullif(trim(support_means), '') as support_means,
        nullif(trim(oppose_means), '') as oppose_means,
        nullif(trim(measure_targets), '') as measure_targets,
        coalesce(accusation_supports, false) as accusation_supports,
        source_path as taxonomy_source

    from recorded_topics

),

final as (

    select * from recorded_renamed
    union all
    select * from seed_renamed
    where not exists (select 1 from recorded_renamed)

)

select * from final
