/**
 * Micro-benchmark of the expression language (prints figures; asserts nothing).
 * Run:  npx tsc -p bench/tsconfig.expr.json && node .cache/bench/bench/expr.js
 */
import { evaluate, evaluateCondition, resolveVars, templateString, templateValue } from '../src/expr/index.js';

/** Best of 5 rounds: the machine is shared, so the minimum is the honest figure for our code. */
function bench(name: string, iterations: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(1000, iterations); i++) fn(i); // warm up (JIT, parse cache)
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn(round * iterations + i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations / 1000);
  }
  console.log(`${name.padEnd(66)} ${best.toFixed(2).padStart(8)} µs/call`);
}

const users = Array.from({ length: 20 }, (_v, i) => ({ name: `u${i}`, uid: 1000 + i, enabled: i % 2 === 0 }));
const groups = { opengauss: ['db1', 'db2', 'db3'], opengauss_standby: ['db2', 'db3'] };
const hostvars = Object.fromEntries(groups.opengauss.map((h, i) => [h, { ansible_host: `127.0.0.${i + 10}`, port: 5432 }]));

// A host's variables as the engine sees them: ~300 keys, 30 of them templated.
const raw: Record<string, unknown> = { opengauss_home: '/opt/og', port: 5432, users, groups, hostvars, inventory_hostname: 'db1' };
for (let i = 0; i < 270; i++) raw[`plain_${i}`] = i % 3 === 0 ? { nested: { list: [i, i + 1], flag: true } } : `value ${i}`;
for (let i = 0; i < 30; i++) raw[`tmpl_${i}`] = i % 2 ? `{{ opengauss_home }}/dir${i}` : { path: `{{ opengauss_home }}/p${i}`, n: '{{ port + 1 }}' };
const vars = resolveVars(raw);

const taskArgs = {
  path: '{{ opengauss_home }}/data',
  owner: 'omm',
  mode: '0700',
  state: 'directory',
  recurse: false,
  content: 'port={{ port }}\nhost={{ hostvars[inventory_hostname].ansible_host }}\n',
  extra: { a: 1, b: ['x', 'y'], c: { d: 'plain' } },
};
const plainArgs = { path: '/opt/og/data', owner: 'omm', mode: '0700', state: 'directory', extra: { a: 1, b: ['x', 'y'] } };

const N = 10_000;
console.log(`node ${process.version}`);
bench('evaluate: x | default(3)', N, () => evaluate('port | default(3)', vars));
bench('evaluate: comparison and membership', N, () => evaluate("port > 1000 and inventory_hostname in groups['opengauss']", vars));
bench("evaluate: hostvars[h].ansible_host", N, () => evaluate('hostvars[inventory_hostname].ansible_host', vars));
bench('evaluate: selectattr | map | join (20 items)', N, () => evaluate("users | selectattr('enabled') | map(attribute='name') | join(',')", vars));
bench("evaluate: version test", N, () => evaluate("'7.6.1810' is version('7.5', '>=')", vars));
bench('evaluate: cold (new text each call, so parse included)', 2_000, (i) => evaluate(`port + ${i}`, vars));
bench('evaluateCondition: [a, b] list', N, () => evaluateCondition(['port == 5432', 'users | length > 3'], vars));
bench("templateString: '{{ opengauss_home }}/data/{{ port }}'", N, () => templateString('{{ opengauss_home }}/data/{{ port }}', vars));
bench("templateString: '{{ groups.opengauss }}' (typed)", N, () => templateString('{{ groups.opengauss }}', vars));
bench('templateValue: task args, 7 keys, 2 templated', N, () => templateValue(taskArgs, vars));
bench('templateValue: task args, untemplated (fast path)', N, () => templateValue(plainArgs, vars));
bench('resolveVars: 300 keys, 30 templated', 500, () => resolveVars(raw));
const plainRaw = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('tmpl_')));
bench('resolveVars: 270 keys, none templated', 500, () => resolveVars(plainRaw));
