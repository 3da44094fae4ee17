-- One row per topic in the topics seed, plus `unassigned` for statements that match none.

with

topics as (

    select * from {{ ref('stg_seeds__topics') }}

),

statements as (

    select * from {{ ref('int_statements_deduplicated_across_outlets') }}

),

unassigned as (

    select
        'unassigned' as topic_id,
        'Unassigned' as topic_label,
        'Statements that match no topic of the topics seed.' as topic_description,
        cast(null as varchar) as match_terms

    where not exists (select 1 from topics where topic_id = 'unassigned')

),

all_topics as (

    select topic_id, topic_label, topic_description, match_terms from topics
    union all
    select * from unassigned

),

statement_counts as (

    select
        topic_id,
        count(*) as statement_count

    from statements
    where is_canonical
    group by topic_id

),

final as (

    select
        cast(all_topics.topic_id as varchar) as topic_id,
        cast(all_topics.topic_label as varchar) as label,
        cast(all_topics.topic_description as varchar) as description,
        cast(all_topics.match_terms as varchar) as match_terms,
        cast(coalesce(statement_counts.statement_count, 0) as bigint) as statement_count

    from all_topics
    left join statement_counts
        on all_topics.topic_id = statement_counts.topic_id

)

select * from final
