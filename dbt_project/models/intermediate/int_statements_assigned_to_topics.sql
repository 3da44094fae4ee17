-- One row per statement: the ingester's topic_id when it exists in the topics seed,
-- else `unassigned` (the ingester's value is kept as ingested_topic_id).

with

statements as (

    select * from {{ ref('int_statements_resolved_to_actors') }}

),

topics as (

    select * from {{ ref('stg_seeds__topics') }}

),

assigned as (

    select
        statements.* exclude (topic_id),
        statements.topic_id as ingested_topic_id,
        coalesce(topics.topic_id, 'unassigned') as topic_id,
        topics.topic_id is not null as is_topic_in_seed

    from statements
    left join topics
        on statements.topic_id = topics.topic_id

),

final as (

    select * from assigned

)

select * from final
