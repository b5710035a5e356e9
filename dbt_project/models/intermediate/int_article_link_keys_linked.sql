-- The link_digest of every article as int_article_pairs_linked last linked it: built right after
-- that model, so the next build's int_article_link_keys can tell which articles changed since
-- (it reads this table by name, not ref, which would be a cycle). A failed pairs build leaves it
-- as it was, so the next build relinks those articles again.
-- depends_on: {{ ref('int_article_pairs_linked') }}

select
    article_id,
    link_digest

from {{ ref('int_article_link_keys') }}
