/**
 * Parity with real Ansible: every case in parity/cases/ is rendered by afo and by Ansible's own
 * Templar (ansible-core, which test/lab/setup.sh installs for the inventory comparison), and the
 * results must be equal, or both must fail.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, resolveVars, templateString } from '../../../src/expr/index.js';
import { CASES, CONDITIONS, LAZY_CASES, LAZY_VARS, VARS } from './parity/cases/index.js';

/** The Python that runs ansible-core: the interpreter in ansible-inventory's shebang line. */
function ansiblePython(): string {
  const bin = execFileSync('sh', ['-c', 'command -v ansible-inventory'], { encoding: 'utf8' }).trim();
  const shebang = readFileSync(bin, 'utf8').split('\n')[0] ?? '';
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(shebang);
  if (!m) throw new Error(`cannot read the interpreter of ${bin}`);
  return m[1] === '/usr/bin/env' && m[2] ? m[2] : (m[1] as string);
}

interface Outcome {
  ok: boolean;
  value?: unknown;
  /** Ansible's plain string rendering (no native type conversion), when it has one. */
  text?: string | null;
}

interface Results {
  templates: Outcome[];
  conditions: Outcome[];
  lazy: Outcome[];
}

function ansibleResults(): Results {
  const script = fileURLToPath(new URL('./parity/templar.py', import.meta.url));
  const out = execFileSync(ansiblePython(), [script], {
    input: JSON.stringify({ vars: VARS, cases: CASES, conditions: CONDITIONS, lazyVars: LAZY_VARS, lazyCases: LAZY_CASES }),
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as Results;
}

function afo(text: string, vars: Record<string, unknown> = VARS): Outcome {
  try {
    // Round-trip through JSON as the Ansible side does (tuples -> lists, 5.0 -> 5).
    return { ok: true, value: JSON.parse(JSON.stringify(templateString(text, vars))) as unknown };
  } catch {
    return { ok: false };
  }
}

const results = ansibleResults();

describe('parity with Ansible templating', () => {
  const expected = results.templates;
  it('has an answer from Ansible for every case', () => {
    expect(expected).toHaveLength(CASES.length);
  });
  it.each(CASES.map((c, i) => [c, i] as const))('%s', (text, i) => {
    const want = expected[i] as Outcome;
    const got = afo(text);
    expect(got.ok, `ok: afo=${got.ok} ansible=${want.ok}`).toBe(want.ok);
    if (!want.ok) return;
    // afo keeps a string a string; Ansible's native mode would literal_eval '3123' to 3123.
    if (typeof got.value === 'string' && typeof want.value !== 'string' && typeof want.text === 'string') {
      expect(got.value).toBe(want.text);
    } else expect(got.value).toEqual(want.value);
  });
});

describe('parity with Ansible conditionals (when:)', () => {
  const expected = results.conditions;
  it('has an answer from Ansible for every condition', () => {
    expect(expected).toHaveLength(CONDITIONS.length);
  });
  it.each(CONDITIONS.map((c, i) => [JSON.stringify(c), c, i] as const))('%s', (_name, cond, i) => {
    const want = expected[i] as Outcome;
    let got: Outcome;
    try {
      got = { ok: true, value: evaluateCondition(cond, VARS) };
    } catch {
      got = { ok: false };
    }
    expect(got.ok, `ok: afo=${got.ok} ansible=${want.ok}`).toBe(want.ok);
    // Ansible 2.14 returns '' (falsy) rather than False for `when: "{{ '' }}"`.
    if (want.ok) expect(got.value).toBe(want.value === '' ? false : want.value);
  });
});

describe('parity with Ansible lazy variables (resolveVars)', () => {
  const expected = results.lazy;
  const resolved = resolveVars(LAZY_VARS);
  it('has an answer from Ansible for every case', () => {
    expect(expected).toHaveLength(LAZY_CASES.length);
  });
  it.each(LAZY_CASES.map((c, i) => [c, i] as const))('%s', (text, i) => {
    const want = expected[i] as Outcome;
    const got = afo(text, resolved);
    expect(got.ok, `ok: afo=${got.ok} ansible=${want.ok}`).toBe(want.ok);
    if (want.ok) expect(got.value).toEqual(want.value);
  });
});
