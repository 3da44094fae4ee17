{#-
    Use custom schemas as they are: models land in `staging`, `intermediate`, `marts`,
    seeds in `seeds`, snapshots in `snapshots` (not `main_marts`). Nodes without a custom
    schema go to the target schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
