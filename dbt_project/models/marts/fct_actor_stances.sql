-- One row per actor x topic x month (month of statement_date). Counts only canonical
-- statements (a statement repeated by several outlets for one story counts once), and only
-- statements with an actor_id and a statement_date.

with

statements as (

    select * from {{ ref('int_statements_deduplicated_across_outlets') }}

),

canonical_statements as (

    select
        actor_id,
        topic_id as topic,
        cast(date_trunc('month', statement_date) as date) as month,
        statement_id,
        statement_date,
        published_at,
        stance,
        stance_score

    from statements
    where is_canonical
        and actor_id is not null
        and statement_date is not null

),

ranked as (

    select
        *,
        row_number() over (
            partition by actor_id, topic, month
            order by statement_date desc, published_at desc nulls last, statement_id desc
        ) as recency_rank

    from canonical_statements

),

monthly as (

    select
        actor_id,
        topic,
        month,
        count(*) filter (where stance = 'support') as support_count,
        count(*) filter (where stance = 'oppose') as oppose_count,
        count(*) filter (where stance = 'neutral') as neutral_count,
        count(*) as statement_count,
        round(avg(stance_score), 6) as net_stance

    from canonical_statements
    group by actor_id, topic, month

),

latest as (

    select
        actor_id,
        topic,
        month,
        stance as latest_stance,
        statement_date as latest_statement_date,
        statement_id as latest_statement_id

    from ranked
    where recency_rank = 1

),

final as (

    select
        cast(monthly.actor_id as varchar) as actor_id,
        cast(monthly.topic as varchar) as topic,
        cast(monthly.month as date) as month,
        cast(monthly.support_count as bigint) as support_count,
        cast(monthly.oppose_count as bigint) as oppose_count,
        cast(monthly.neutral_count as bigint) as neutral_count,
        cast(monthly.statement_count as bigint) as statement_count,
        cast(monthly.net_stance as double) as net_stance,
        cast(latest.latest_stance as varchar) as latest_stance,
        cast(latest.latest_statement_date as date) as latest_statement_date,
        cast(latest.latest_statement_id as varchar) as latest_statement_id

    from monthly
    inner join latest
        on monthly.actor_id = latest.actor_id
        and monthly.topic = latest.topic
        and monthly.month = latest.month

)

select * from final
