{#- lowercase, collapse whitespace, trim: for comparing surface forms -#}
{% macro normalise_text(expression) -%}
    trim(regexp_replace(lower({{ expression }}), '\s+', ' ', 'g'))
{%- endmacro %}
