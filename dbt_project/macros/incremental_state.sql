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
    Purpose: the pre-hook of the incremental int_mentions_resolved_to_actors, fct_mentions,
    int_quotes_attributed_to_actors and fct_quotes: deletes the rows of articles no longer in the
    warehouse or loaded again under another batch_id (a re-cleaned document), so the build writes
    those articles afresh. A table built before batch_id was one of its columns is emptied:
    every row is written once more.
-#}
{% macro delete_reloaded_articles() -%}
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

{#-
    Purpose: the quote_ids an incremental build of int_quotes_attributed_to_actors or fct_quotes
    writes (a query): those not in the table yet (new, or of an article loaded again: the
    pre-hook delete_reloaded_articles deleted those), those whose speaker mention belongs to a name
    int_actor_name_states marks is_changed, and those whose quote_cluster_id in the table is no
    longer the one raw.quote_cluster_members gives. A union of three narrow joins, so the build
    joins the mentions and texts of these quotes only (as one OR of three IN conditions, DuckDB
    joined every quote first).
-#}
{% macro quotes_to_rewrite() -%}
    -- after the pre-hook, this holds the quotes of new and reloaded articles, and of a row that
    -- reached raw.quotes outside a load (the dbt tests must see it)
    select new_quotes.quote_id
    from {{ ref('stg_newsetl__quotes') }} as new_quotes
    where new_quotes.quote_id not in (select built.quote_id from {{ this }} as built)
    union
    select moved_speakers.quote_id
    from {{ ref('stg_newsetl__quotes') }} as moved_speakers
    inner join {{ ref('int_mentions_resolved_to_actors') }} as speakers
        on moved_speakers.speaker_mention_id = speakers.mention_id
    inner join {{ ref('int_actor_name_states') }} as name_states
        on speakers.article_key = name_states.name_key
    where name_states.is_changed
    union
    select built.quote_id
    from {{ this }} as built
    left join {{ ref('stg_newsetl__quote_cluster_members') }} as placed
        on built.quote_id = placed.quote_id
    where built.quote_cluster_id <> md5('cluster:' || coalesce(placed.cluster_key, built.quote_id))
{%- endmacro %}
