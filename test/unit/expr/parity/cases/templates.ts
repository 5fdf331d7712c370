/** Templates with text and blocks. */
export const TEMPLATES: string[] = [
  // templates with text and blocks
  'port={{ hostvars.db1.port }}',
  'on={{ t }}',
  "h={{ groups['all'] }}",
  "d={{ {'a': 1} }}",
  'n={{ none_val }}',
  '{% if t %}yes{% else %}no{% endif %}',
  '{% for h in groups.all %}{{ h }}{% if not loop.last %},{% endif %}{% endfor %}',
  '{% for h in groups.all %}{{ loop.index }}{{ loop.revindex }}{% endfor %}',
  '{% for h in [] %}x{% else %}none{% endfor %}',
  '{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}',
  '{% for h in groups.all if h != "db1" %}{{ h }}{% endfor %}',
  '{% set x = n * 2 %}{{ x }}',
  "{%- for h in (groups['all'] | sort) -%} {{ h }}{{ (loop.nextitem is defined) | ternary(',', '') }} {%- endfor -%}",
  'a={{ n }}\nb={{ s }}\n',
  '{% raw %}{{ x }}{% endraw %} {{ n }}',
];
