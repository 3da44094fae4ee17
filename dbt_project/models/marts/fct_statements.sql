-- One row per statement as extracted from one article (every provenance row). Statements
-- repeated by several outlets for one story share canonical_statement_id; aggregate over
-- is_canonical rows to count each once.

with

statements as (

    select * from {{ ref('int_statements_deduplicated_across_outlets') }}

),

actors as (

    select * from {{ ref('dim_actors') }}

),

final as (

    select
        cast(statements.statement_id as varchar) as statement_id,
        cast(statements.article_id as varchar) as article_id,
        cast(statements.actor_id as varchar) as actor_id,
        cast(speaker.actor_name as varchar) as actor_name,
        cast(statements.speaker_text as varchar) as speaker_text,
        cast(statements.speaker_kind as varchar) as speaker_kind,
        cast(statements.represented_actor_id as varchar) as represented_actor_id,
        cast(represented.actor_name as varchar) as represented_actor_name,
        cast(statements.reported_via as varchar) as reported_via,
        cast(statements.topic_id as varchar) as topic,
        cast(statements.stance as varchar) as stance,
        cast(statements.stance_score as double) as stance_score,
        cast(statements.is_conditional as boolean) as is_conditional,
        cast(statements.condition_text as varchar) as condition_text,
        cast(statements.is_hypothetical as boolean) as is_hypothetical,
        cast(statements.cue as varchar) as cue,
        cast(statements.statement_date as date) as statement_date,
        cast(statements.date_precision as varchar) as date_precision,
        cast(statements.date_source as varchar) as date_source,
        cast(statements.evidence as varchar) as evidence,
        cast(statements.speaker_start as integer) as speaker_start,
        cast(statements.speaker_end as integer) as speaker_end,
        cast(statements.cue_start as integer) as cue_start,
        cast(statements.cue_end as integer) as cue_end,
        cast(statements.content_start as integer) as content_start,
        cast(statements.content_end as integer) as content_end,
        cast(statements.content_text as varchar) as content_text,
        cast(statements.published_at as timestamp) as published_at,
        cast(statements.source_name as varchar) as source_name,
        cast(statements.story_id as varchar) as story_id,
        cast(statements.canonical_statement_id as varchar) as canonical_statement_id,
        cast(statements.is_canonical as boolean) as is_canonical

    from statements
    left join actors as speaker
        on statements.actor_id = speaker.actor_id
    left join actors as represented
        on statements.represented_actor_id = represented.actor_id

)

select * from final
