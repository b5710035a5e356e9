{#-
    Generic test: the column holds an ISO 639-1 code (two lowercase letters, e.g. 'en', 'ar')
    or 'und' (language undetermined). NULLs pass; combine with not_null when needed.
-#}
{% test is_language_code(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} is not null
    and not regexp_full_match({{ column_name }}, '[a-z]{2}|und')

{% endtest %}
