{#-
    Generic test: every row satisfies a SQL boolean expression (an invariant such as
    "start_char < end_char"). Fails with the rows where the expression is false or NULL.
    A small local stand-in for dbt_utils.expression_is_true, so the project needs no packages.
-#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)

{% endtest %}
