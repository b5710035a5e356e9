{#-
    Purpose: use the folder's schema name as is (staging, intermediate, marts) instead of
    dbt's default "<target schema>_<custom schema>" (main_marts), so analysts and the
    contract see exactly marts.*.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {#- No +schema configured (nothing in this project today): use the profile's schema. -#}
        {{ target.schema }}
    {%- else -%}
        {#- A folder set +schema: use that name verbatim, without the target prefix. -#}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
