-- One row per change of an actor's stance on a topic: consecutive canonical, dated
-- statements of the actor on the topic (ordered by statement_date, then published_at, then
-- statement_id) whose stances differ.

with

statements as (

    select * from {{ ref('int_statements_deduplicated_across_outlets') }}

),

canonical_statements as (

    select
        actor_id,
        topic_id as topic,
        statement_id,
        statement_date,
        published_at,
        stance

    from statements
    where is_canonical
        and actor_id is not null
        and statement_date is not null

),

sequenced as (

    select
        *,
        lag(stance) over statement_order as previous_stance,
        lag(statement_id) over statement_order as previous_statement_id,
        lag(statement_date) over statement_order as previous_statement_date

    from canonical_statements
    window statement_order as (
        partition by actor_id, topic
        order by statement_date, published_at nulls last, statement_id
    )

),

changes as (

    select *
    from sequenced
    where previous_stance is not null
        and previous_stance <> stance

),

final as (

    select
        cast(left(md5(actor_id || '|' || topic || '|' || statement_id), 16) as varchar)
            as change_id,
        cast(actor_id as varchar) as actor_id,
        cast(topic as varchar) as topic,
        cast(statement_date as date) as changed_on,
        cast(previous_stance as varchar) as from_stance,
        cast(stance as varchar) as to_stance,
        cast(previous_statement_id as varchar) as from_statement_id,
        cast(statement_id as varchar) as to_statement_id,
        cast(previous_statement_date as date) as from_statement_date,
        cast(statement_date as date) as to_statement_date

    from changes

)

select * from final
