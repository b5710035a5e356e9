{#-
    Purpose: the pre-hook of the incremental int_article_pairs_linked. Before the build appends the
    pairs of the articles int_article_link_keys marks is_relinked, it deletes every pair that
    names one of them, or an article no longer in the warehouse (a re-cleaned document cut into
    fewer articles): the build then writes those articles' pairs afresh.
-#}
{% macro unlink_relinked_articles() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            left_article_id in (select article_id from {{ ref('int_article_link_keys') }} where is_relinked)
            or right_article_id in (select article_id from {{ ref('int_article_link_keys') }} where is_relinked)
            or left_article_id not in (select article_id from {{ ref('int_article_link_keys') }})
            or right_article_id not in (select article_id from {{ ref('int_article_link_keys') }})
    {%- endif -%}
{%- endmacro %}

{#-
    Purpose: the digests a state model (int_article_link_keys_linked, int_actor_name_states_resolved)
    kept at the last build of the incremental model it follows, read by name (a ref would make a
    cycle): a select of the key and the digest, with no rows before that table first exists, so
    every row counts as changed then.
-#}
{% macro previous_digests(identifier, key, digest) -%}
    {#- (sqlfluff's linter renders this branch too, with no adapter) -#}
    {%- set previous = adapter.get_relation(database=this.database, schema=this.schema, identifier=identifier)
        if adapter is defined and execute else none -%}
    {%- if previous is not none -%}
    select {{ key }}, {{ digest }} from {{ previous }}
    {%- else -%}
    select cast(null as varchar) as {{ key }}, cast(null as varchar) as {{ digest }}
    where false
    {%- endif -%}
{%- endmacro %}

{#-
    Purpose: the pre-hook of the incremental int_mentions_resolved_to_actors: deletes the mentions
    of articles no longer in the warehouse or loaded again under another batch_id (a re-cleaned
    document), so the build resolves those articles afresh. A table built before batch_id was
    one of its columns is emptied: every mention is resolved once more.
-#}
{% macro unresolve_reloaded_mentions() -%}
    {%- if is_incremental() -%}
        {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        delete from {{ this }}
        {%- if 'batch_id' in columns %}
        where (article_id, batch_id) not in (
            select (article_id, batch_id) from {{ ref('stg_newsetl__articles') }}
        )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
