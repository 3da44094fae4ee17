-- One row per statement: the speaker actor with its name and type from the actors seed, and
-- the state or organisation the speaker speaks for. A speaker the ingester could not resolve
-- keeps a null actor_id (no invented fallback key).

with

statements as (

    select * from {{ ref('stg_raw__statements') }}

),

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

actors as (

    select * from {{ ref('stg_seeds__actors') }}

),

actor_roles as (

    select * from {{ ref('stg_seeds__actor_roles') }}

),

statements_dated as (

    select
        statements.*,
        -- the day a role must be valid on: the statement's date, else the article's
        coalesce(statements.statement_date, articles.published_date) as reference_date

    from statements
    left join articles
        on statements.article_id = articles.article_id

),

roles_valid_on_statement_date as (

    -- for a person without an ingester-given represented actor: the role valid on the
    -- reference date (leaders first, then the most recent role); a role in a body speaks for
    -- what the body speaks for (the Commission's president for the EU)
    select
        statements_dated.statement_id,
        coalesce(role_body.represents_actor_id, actor_roles.of_actor_id) as of_actor_id,
        row_number() over (
            partition by statements_dated.statement_id
            order by
                actor_roles.is_leader desc,
                actor_roles.valid_from desc nulls last,
                actor_roles.of_actor_id
        ) as role_rank

    from statements_dated
    inner join actor_roles
        on statements_dated.actor_id = actor_roles.actor_id
        and (
            statements_dated.reference_date is null
            and actor_roles.valid_to is null
            or statements_dated.reference_date
                between coalesce(actor_roles.valid_from, date '0001-01-01')
                and coalesce(actor_roles.valid_to, date '9999-12-31')
        )
    left join actors as role_body
        on actor_roles.of_actor_id = role_body.actor_id

),

resolved as (

    select
        statements_dated.*,

        speaker_actor.actor_name,
        coalesce(
            speaker_actor.actor_type,
            case
                when statements_dated.actor_id like 'state:%' then 'state'
                when statements_dated.actor_id like 'org:%' then 'organisation'
                when statements_dated.actor_id like 'person:%' then 'person'
                when statements_dated.actor_id like 'group:%' then 'group'
            end
        ) as actor_type,

        coalesce(
            statements_dated.represented_actor_id,
            roles_valid_on_statement_date.of_actor_id,
            case
                when statements_dated.actor_id like 'state:%'
                    or statements_dated.actor_id like 'org:%'
                    then statements_dated.actor_id
            end
        ) as resolved_represented_actor_id,

        case
            when statements_dated.represented_actor_id is not null then 'ingester'
            when roles_valid_on_statement_date.of_actor_id is not null then 'actor_roles'
            when statements_dated.actor_id like 'state:%'
                or statements_dated.actor_id like 'org:%' then 'self'
        end as represented_actor_source

    from statements_dated
    left join actors as speaker_actor
        on statements_dated.actor_id = speaker_actor.actor_id
    left join roles_valid_on_statement_date
        on statements_dated.statement_id = roles_valid_on_statement_date.statement_id
        and roles_valid_on_statement_date.role_rank = 1

),

final as (

    select
        resolved.* exclude (represented_actor_id, resolved_represented_actor_id),
        resolved.resolved_represented_actor_id as represented_actor_id,
        represented_actor.actor_name as represented_actor_name

    from resolved
    left join actors as represented_actor
        on resolved.resolved_represented_actor_id = represented_actor.actor_id

)

select * from final
