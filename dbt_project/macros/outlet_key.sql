{#- One definition of "outlet" for every model and analysis that counts outlets: the article's
    source_name, and for an article whose outlet is unknown, an outlet of its own (not its file's
    name: one JSON-lines file can hold the articles of many outlets). -#}
{% macro outlet_key(articles_relation) -%}
    coalesce({{ articles_relation }}.source_name, 'article:' || {{ articles_relation }}.article_id)
{%- endmacro %}
