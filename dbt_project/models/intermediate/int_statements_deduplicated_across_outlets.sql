-- One row per statement (every provenance row is kept). Statements of one story with the
-- same actor, topic, stance and statement date are one statement: they share a
-- canonical_statement_id (the one from the earliest published article) and only that row
-- has is_canonical = true. Statements without an actor are never merged.

with

statements as (

    select * from {{ ref('int_statements_assigned_to_topics') }}

),

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

stories as (

    select * from {{ ref('int_articles_grouped_into_stories') }}

),

statements_in_stories as (

    select
        statements.*,
        articles.published_at,
        articles.source_name,
        coalesce(stories.story_id, statements.article_id) as story_id

    from statements
    left join articles
        on statements.article_id = articles.article_id
    left join stories
        on statements.article_id = stories.article_id

),

deduplicated as (

    select
        *,
        case
            when actor_id is null then statement_id
            else first_value(statement_id) over (
                partition by story_id, actor_id, topic_id, stance, statement_date
                order by published_at nulls last, article_id, content_start, statement_id
            )
        end as canonical_statement_id

    from statements_in_stories

),

final as (

    select
        *,
        statement_id = canonical_statement_id as is_canonical

    from deduplicated

)

select * from final
