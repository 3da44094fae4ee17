with

source as (

    select * from {{ source('raw', 'statements') }}

),

renamed as (

    select
        -- ids
        cast(statement_id as varchar) as statement_id,
        cast(article_id as varchar) as article_id,
        cast(actor_id as varchar) as actor_id,
        cast(represented_actor_id as varchar) as represented_actor_id,
        cast(topic_id as varchar) as topic_id,
        cast(run_id as varchar) as run_id,

        -- speaker
        cast(speaker_text as varchar) as speaker_text,
        cast(speaker_kind as varchar) as speaker_kind,
        cast(speaker_start as integer) as speaker_start,
        cast(speaker_end as integer) as speaker_end,
        cast(reported_via as varchar) as reported_via,

        -- cue
        cast(cue as varchar) as cue,
        cast(cue_lemma as varchar) as cue_lemma,
        cast(cue_start as integer) as cue_start,
        cast(cue_end as integer) as cue_end,

        -- content and evidence
        cast(content_text as varchar) as content_text,
        cast(content_start as integer) as content_start,
        cast(content_end as integer) as content_end,
        cast(sentence_start as integer) as sentence_start,
        cast(sentence_end as integer) as sentence_end,
        cast(evidence as varchar) as evidence,

        -- topic and stance
        cast(topic_key_phrase as varchar) as topic_key_phrase,
        cast(stance as varchar) as stance,
        cast(stance_score as double) as stance_score,
        cast(is_conditional as boolean) as is_conditional,
        cast(condition_text as varchar) as condition_text,
        cast(is_hypothetical as boolean) as is_hypothetical,

        -- dates
        cast(statement_date as date) as statement_date,
        cast(date_precision as varchar) as date_precision,
        cast(date_source as varchar) as date_source,
        cast(date_text as varchar) as date_text

    from source

)

select * from renamed
