-- The name_digest of every name as int_mentions_resolved_to_actors last resolved its mentions:
-- built right after that model, so the next build's int_actor_name_states can tell which names
-- changed since (it reads this table by name, not ref, which would be a cycle). A failed
-- mentions build leaves it as it was, so the next build resolves those names' mentions again.
-- fct_mentions, int_quotes_attributed_to_actors and fct_quotes take the same changed names, so
-- this is built after them too.
-- depends_on: {{ ref('int_mentions_resolved_to_actors') }}
-- depends_on: {{ ref('fct_mentions') }}
-- depends_on: {{ ref('int_quotes_attributed_to_actors') }}
-- depends_on: {{ ref('fct_quotes') }}

select
    name_key,
    name_digest

from {{ ref('int_actor_name_states') }}
