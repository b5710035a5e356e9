{#-
    Purpose: fold a text column to a comparison form, so that two copies of the same text
    that differ only in case, accents, punctuation, quotation marks or spacing compare equal.
    Used by actor_name_plain; newsetl.similar.minhash folds article texts the same way in Python.
    Example: 'Today we can report “progress”.' -> 'today we can report progress'
-#}
{% macro normalize_text(column_expression) -%}
    trim(
        regexp_replace(
            regexp_replace(
                lower(strip_accents(coalesce({{ column_expression }}, ''))),
                '[^\p{L}\p{N}]+', ' ', 'g'
            ),
            '\s+', ' ', 'g'
        )
    )
{%- endmacro %}
