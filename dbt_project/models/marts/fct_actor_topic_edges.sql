-- Two-mode actor-topic network (as Discourse Network Analyzer exports it): one edge per
-- actor x topic x agreement, weighted by the number of canonical statements. Statements
-- without an actor are left out; undated statements count in weight but not in the dates.

with

statements as (

    select * from {{ ref('int_statements_deduplicated_across_outlets') }}

),

canonical_statements as (

    select
        actor_id,
        topic_id as topic,
        stance as agreement,
        statement_date

    from statements
    where is_canonical
        and actor_id is not null

),

edges as (

    select
        actor_id,
        topic,
        agreement,
        count(*) as weight,
        min(statement_date) as first_date,
        max(statement_date) as last_date

    from canonical_statements
    group by actor_id, topic, agreement

),

final as (

    select
        cast(actor_id as varchar) as actor_id,
        cast(topic as varchar) as topic,
        cast(agreement as varchar) as agreement,
        cast(weight as bigint) as weight,
        cast(first_date as date) as first_date,
        cast(last_date as date) as last_date

    from edges

)

select * from final
