{#-
    Purpose: count whitespace-separated words in a text column; 0 for NULL or blank text.
-#}
{% macro word_count(column_expression) -%}
    case
        when trim(coalesce({{ column_expression }}, '')) = '' then 0
        else len(string_split_regex(trim({{ column_expression }}), '\s+'))
    end
{%- endmacro %}
