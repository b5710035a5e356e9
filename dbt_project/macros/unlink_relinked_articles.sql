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
    Purpose: the link digests int_article_link_keys_linked kept at the last build of
    int_article_pairs_linked, read by name (a ref would make a cycle); no rows before that model
    was first built, so every article is relinked then.
-#}
{% macro last_linked_digests() -%}
    {#- (sqlfluff's linter renders this branch too, with no adapter) -#}
    {%- set linked = adapter.get_relation(database=this.database, schema=this.schema,
                                          identifier='int_article_link_keys_linked')
        if adapter is defined and execute else none -%}
    {%- if linked is not none -%}
    select article_id, link_digest from {{ linked }}
    {%- else -%}
    select cast(null as varchar) as article_id, cast(null as varchar) as link_digest
    where false
    {%- endif -%}
{%- endmacro %}
