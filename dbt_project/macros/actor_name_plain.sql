{#-
    Purpose: fold a name to the plain form the actor resolver compares and the seeds match on:
    normalize_text (lower case, accents and punctuation gone), then the Arabic article dropped
    where it stands as its own word (twice, since a match consumes the space the next needs) ("Fayez al-Sarraj" -> 'fayez sarraj', "Al Sarraj" -> 'sarraj').
    The Python stage's name_key goes further (consonant skeletons); this form keeps the letters,
    so jaro_winkler_similarity can still tell "Libya" from "Libyan".
-#}
{% macro actor_name_plain(column_expression) -%}
    trim(
        regexp_replace(
            regexp_replace(' ' || {{ normalize_text(column_expression) }} || ' ', ' (al|el) ', ' ', 'g'),
            ' (al|el) ', ' ', 'g'
        )
    )
{%- endmacro %}
