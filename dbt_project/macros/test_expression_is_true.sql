{#-
    Generic test: every row satisfies `expression` (a SQL boolean over the model's columns).
    Optional `where` limits the rows checked. Null results count as failures.
    usage:
      data_tests:
        - expression_is_true:
            arguments:
              expression: "speaker_start < speaker_end"
-#}
{% test expression_is_true(model, expression, where=none) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if where %}
  and ({{ where }})
{%- endif %}

{% endtest %}
