-- One row per article with its story_id. Two articles from different outlets published on
-- the same day belong to one story when
--   * the Jaccard similarity of the sets of lowercase words (3+ letters, minus a few stop
--     words) of title + first 300 characters of text is >= var('story_text_jaccard_threshold'),
--   * or they share >= var('story_min_shared_statements') identical statements
--     (same actor, topic, stance and statement date).
-- Stories are the connected components of that relation; story_id = min(article_id) of the
-- component. Articles without a published date form a story of their own.

with recursive

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

statements as (

    select * from {{ ref('int_statements_assigned_to_topics') }}

),

article_words as (

    select distinct
        article_id,
        word

    from (
        select
            article_id,
            unnest(
                regexp_split_to_array(
                    lower(coalesce(title, '') || ' ' || left(coalesce(text, ''), 300)),
                    '[^\p{L}\p{N}]+'
                )
            ) as word
        from articles
    ) as words

    where length(word) >= 3
        and word not in (
            'the', 'and', 'for', 'that', 'with', 'from', 'this', 'are', 'was', 'were',
            'has', 'have', 'had', 'but', 'not', 'its', 'his', 'her', 'their', 'will',
            'said', 'says', 'on', 'into', 'over', 'after', 'about'
        )

),

article_word_counts as (

    select
        article_id,
        count(*) as word_count

    from article_words
    group by article_id

),

candidate_pairs as (

    select
        article_a.article_id as article_id_a,
        article_b.article_id as article_id_b

    from articles as article_a
    inner join articles as article_b
        on article_a.published_date = article_b.published_date
        and article_a.article_id < article_b.article_id
        and article_a.source_name is distinct from article_b.source_name

),

shared_words as (

    select
        candidate_pairs.article_id_a,
        candidate_pairs.article_id_b,
        count(*) as shared_word_count

    from candidate_pairs
    inner join article_words as words_a
        on candidate_pairs.article_id_a = words_a.article_id
    inner join article_words as words_b
        on candidate_pairs.article_id_b = words_b.article_id
        and words_a.word = words_b.word
    group by candidate_pairs.article_id_a, candidate_pairs.article_id_b

),

statement_keys as (

    select distinct
        article_id,
        actor_id,
        topic_id,
        stance,
        statement_date

    from statements
    where actor_id is not null
        and statement_date is not null

),

shared_statements as (

    select
        candidate_pairs.article_id_a,
        candidate_pairs.article_id_b,
        count(*) as shared_statement_count

    from candidate_pairs
    inner join statement_keys as keys_a
        on candidate_pairs.article_id_a = keys_a.article_id
    inner join statement_keys as keys_b
        on candidate_pairs.article_id_b = keys_b.article_id
        and keys_a.actor_id = keys_b.actor_id
        and keys_a.topic_id = keys_b.topic_id
        and keys_a.stance = keys_b.stance
        and keys_a.statement_date = keys_b.statement_date
    group by candidate_pairs.article_id_a, candidate_pairs.article_id_b

),

pair_similarity as (

    select
        candidate_pairs.article_id_a,
        candidate_pairs.article_id_b,
        coalesce(shared_words.shared_word_count, 0)
            / nullif(
                coalesce(counts_a.word_count, 0)
                + coalesce(counts_b.word_count, 0)
                - coalesce(shared_words.shared_word_count, 0),
                0
            ) as text_jaccard,
        coalesce(shared_statements.shared_statement_count, 0) as shared_statement_count

    from candidate_pairs
    left join shared_words
        on candidate_pairs.article_id_a = shared_words.article_id_a
        and candidate_pairs.article_id_b = shared_words.article_id_b
    left join shared_statements
        on candidate_pairs.article_id_a = shared_statements.article_id_a
        and candidate_pairs.article_id_b = shared_statements.article_id_b
    left join article_word_counts as counts_a
        on candidate_pairs.article_id_a = counts_a.article_id
    left join article_word_counts as counts_b
        on candidate_pairs.article_id_b = counts_b.article_id

),

story_edges as (

    select article_id_a as from_article_id, article_id_b as to_article_id
    from pair_similarity
    where text_jaccard >= {{ var('story_text_jaccard_threshold') }}
        or shared_statement_count >= {{ var('story_min_shared_statements') }}

    union

    select article_id_b as from_article_id, article_id_a as to_article_id
    from pair_similarity
    where text_jaccard >= {{ var('story_text_jaccard_threshold') }}
        or shared_statement_count >= {{ var('story_min_shared_statements') }}

),

reachable (article_id, reachable_article_id) as (

    select
        article_id,
        article_id as reachable_article_id
    from articles

    union

    select
        reachable.article_id,
        story_edges.to_article_id as reachable_article_id
    from reachable
    inner join story_edges
        on reachable.reachable_article_id = story_edges.from_article_id

),

stories as (

    select
        article_id,
        min(reachable_article_id) as story_id

    from reachable
    group by article_id

),

final as (

    select
        stories.article_id,
        stories.story_id,
        count(*) over (partition by stories.story_id) as story_article_count

    from stories

)

select * from final
