{#-
    Purpose: the incremental fact models rebuild only the rows that changed. changed_keys is the
    key of every row whose tracked columns (the load batch, and the columns other articles or the
    actor resolution decide) differ from the row already built, or that is not built yet;
    delete_rows_gone drops the built rows whose key left the source (a re-cleaned document cut
    into fewer articles).
-#}
{% macro changed_keys(tracked_relation, key, tracked_columns) -%}
    {%- set columns = [key] + tracked_columns -%}
    {#- (sqlfluff's linter renders this branch too, with no adapter) -#}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list
        if adapter is defined else columns -%}
    {%- if columns | reject('in', built_columns) | list -%}
    {#- a table built before a tracked column existed: every row is rebuilt once, with the column -#}
    select {{ key }} from {{ tracked_relation }}
    {%- else -%}
    select changed.{{ key }} from (
        select {{ columns | join(', ') }} from {{ tracked_relation }}
        except
        select {{ columns | join(', ') }} from {{ this }}
    ) as changed
    {%- endif -%}
{%- endmacro %}

{% macro delete_rows_gone(key, source_model, source_key=none) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ key }} not in (select {{ source_key or key }} from {{ ref(source_model) }})
    {%- endif -%}
{%- endmacro %}
