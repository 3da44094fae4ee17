-- One row per actor: every actor that speaks, is represented or is mentioned, plus every
-- state in the actors seed (so analysts can roll persons up to states). Actor ids the
-- ingester produced that are not in the seed are kept, with a name taken from the text.

with

actors as (

    select * from {{ ref('stg_seeds__actors') }}

),

actor_roles as (

    select * from {{ ref('stg_seeds__actor_roles') }}

),

statements as (

    select * from {{ ref('int_statements_deduplicated_across_outlets') }}

),

mentions as (

    select * from {{ ref('stg_raw__mentions') }}

),

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

statement_appearances as (

    select
        actor_id,
        coalesce(statement_date, cast(published_at as date)) as seen_on,
        speaker_text as surface_text,
        is_canonical

    from statements
    where actor_id is not null

),

mention_appearances as (

    select
        mentions.actor_id,
        articles.published_date as seen_on,
        mentions.mention_text as surface_text,
        false as is_canonical

    from mentions
    left join articles
        on mentions.article_id = articles.article_id
    where mentions.actor_id is not null

),

appearances as (

    select * from statement_appearances
    union all
    select * from mention_appearances

),

appearance_summary as (

    select
        actor_id,
        min(seen_on) as first_seen,
        max(seen_on) as last_seen,
        count(*) filter (where is_canonical) as statement_count,
        -- most frequent form; ties broken by the shorter, then alphabetically first form (deterministic)
        arg_min(surface_text, surface_rank) as most_common_surface_text

    from (
        select
            *,
            -count(*) over (partition by actor_id, surface_text) * 1000000
                + length(surface_text) * 1000
                + dense_rank() over (partition by actor_id order by surface_text) as surface_rank
        from appearances
    )
    group by actor_id

),

represented_in_statements as (

    select
        actor_id,
        -- most frequent; ties broken alphabetically (deterministic)
        arg_min(represented_actor_id, represented_rank) as represented_actor_id

    from (
        select
            actor_id,
            represented_actor_id,
            -count(*) over (partition by actor_id, represented_actor_id) * 1000
                + dense_rank() over (partition by actor_id order by represented_actor_id) as represented_rank
        from statements
        where actor_id is not null
            and represented_actor_id is not null
    )
    group by actor_id

),

actor_ids as (

    select actor_id from appearance_summary
    union
    select represented_actor_id as actor_id
    from statements
    where represented_actor_id is not null
    union
    select actor_id from actors where actor_type = 'state'
    union
    -- whom the appearing actors can represent, so that represented_actor_id always resolves
    select actor_roles.of_actor_id as actor_id
    from actor_roles
    inner join appearance_summary
        on actor_roles.actor_id = appearance_summary.actor_id
    union
    select actors.represents_actor_id as actor_id
    from actors
    inner join appearance_summary
        on actors.actor_id = appearance_summary.actor_id
    where actors.represents_actor_id is not null

),

ranked_roles as (

    -- the role valid on the day the actor was last seen, leaders first, else the latest role
    select
        actor_roles.actor_id,
        actor_roles.of_actor_id,
        row_number() over (
            partition by actor_roles.actor_id
            order by
                coalesce(appearance_summary.last_seen, current_date)
                    between coalesce(actor_roles.valid_from, date '0001-01-01')
                    and coalesce(actor_roles.valid_to, date '9999-12-31') desc,
                actor_roles.is_leader desc,
                actor_roles.valid_from desc nulls last,
                actor_roles.of_actor_id
        ) as role_rank

    from actor_roles
    left join appearance_summary
        on actor_roles.actor_id = appearance_summary.actor_id

),

actors_with_roles as (

    select
        actor_ids.actor_id,
        coalesce(
            actors.actor_name,
            appearance_summary.most_common_surface_text,
            actor_ids.actor_id
        ) as actor_name,
        coalesce(
            actors.actor_type,
            case
                when actor_ids.actor_id like 'state:%' then 'state'
                when actor_ids.actor_id like 'org:%' then 'organisation'
                when actor_ids.actor_id like 'person:%' then 'person'
                when actor_ids.actor_id like 'group:%' then 'group'
                else 'unknown'
            end
        ) as actor_type,
        coalesce(
            actors.country_iso3,
            case
                when actor_ids.actor_id like 'state:%'
                    then upper(substr(actor_ids.actor_id, 7))
            end
        ) as country_iso3,
        case
            when actor_ids.actor_id like 'state:%'
                or actor_ids.actor_id like 'org:%'
                or actors.actor_type in ('state', 'organisation')
                then actor_ids.actor_id
            else coalesce(
                ranked_roles.of_actor_id,
                actors.represents_actor_id,
                represented_in_statements.represented_actor_id,
                case
                    when actor_ids.actor_id like 'group:%'
                        or actors.actor_type = 'group'
                        then actor_ids.actor_id
                end
            )
        end as represented_actor_id,
        actors.aliases,
        appearance_summary.first_seen,
        appearance_summary.last_seen,
        coalesce(appearance_summary.statement_count, 0) as statement_count

    from actor_ids
    left join actors
        on actor_ids.actor_id = actors.actor_id
    left join appearance_summary
        on actor_ids.actor_id = appearance_summary.actor_id
    left join ranked_roles
        on actor_ids.actor_id = ranked_roles.actor_id
        and ranked_roles.role_rank = 1
    left join represented_in_statements
        on actor_ids.actor_id = represented_in_statements.actor_id

),

final as (

    select
        cast(actors_with_roles.actor_id as varchar) as actor_id,
        cast(actors_with_roles.actor_name as varchar) as actor_name,
        cast(actors_with_roles.actor_type as varchar) as actor_type,
        cast(actors_with_roles.country_iso3 as varchar) as country_iso3,
        cast(actors_with_roles.represented_actor_id as varchar) as represented_actor_id,
        cast(
            coalesce(represented.actor_name, actors_with_roles.represented_actor_id)
            as varchar
        ) as represented_actor_name,
        cast(actors_with_roles.aliases as varchar) as aliases,
        cast(actors_with_roles.first_seen as date) as first_seen,
        cast(actors_with_roles.last_seen as date) as last_seen,
        cast(actors_with_roles.statement_count as bigint) as statement_count

    from actors_with_roles
    left join actors as represented
        on actors_with_roles.represented_actor_id = represented.actor_id

)

select * from final
