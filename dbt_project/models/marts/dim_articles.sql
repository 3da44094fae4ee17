-- One row per article with its story and its number of statements.

with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

stories as (

    select * from {{ ref('int_articles_grouped_into_stories') }}

),

statements as (

    select * from {{ ref('int_statements_deduplicated_across_outlets') }}

),

statement_counts as (

    select
        article_id,
        count(*) as statement_count

    from statements
    group by article_id

),

final as (

    select
        cast(articles.article_id as varchar) as article_id,
        cast(articles.title as varchar) as title,
        cast(articles.source_name as varchar) as source_name,
        cast(articles.url as varchar) as url,
        cast(articles.author as varchar) as author,
        cast(articles.published_at as timestamp) as published_at,
        cast(articles.published_date as date) as published_date,
        cast(coalesce(stories.story_id, articles.article_id) as varchar) as story_id,
        cast(articles.word_count as integer) as word_count,
        cast(articles.text as varchar) as text,
        cast(coalesce(statement_counts.statement_count, 0) as bigint) as statement_count

    from articles
    left join stories
        on articles.article_id = stories.article_id
    left join statement_counts
        on articles.article_id = statement_counts.article_id

)

select * from final
