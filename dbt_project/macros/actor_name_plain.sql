{#-
    Purpose: fold a name to the plain form the actor resolver compares and the seeds match on.
    The folding lives in Python, newsetl.resolve.names.plain_name (lower case, no accents, runs of
    other characters than letters and digits made one space, standalone al/el dropped: "Fayez
    al-Sarraj" -> 'fayez sarraj'), beside the extraction stage's name_key and sharing its fold; the
    dbt-duckdb plugin newsetl.resolve.sql_functions (profiles.yml) registers it as
    newsetl_name_plain. Unlike name_key this form keeps the letters, so jaro_winkler_similarity
    can still tell "Libya" from "Libyan".
-#}
{% macro actor_name_plain(column_expression) -%}
    newsetl_name_plain({{ column_expression }})
{%- endmacro %}
