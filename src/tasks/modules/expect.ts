/**
 * `expect`: run a program and answer its prompts over a PTY (the OM tools ask for passwords).
 * The answers travel in ExecChange.expect, which the transport writes to the PTY: never in the
 * command line, the description or any log. Runs every time unless creates/removes say not.
 * register: { cmd } (+ rc/stdout from the engine).
 */
import { z } from 'zod';
import type { ExpectRule } from '../../connection/transport.js';
import { shJoin, shlexSplit } from '../../text/shlex.js';
import { bool, scalarString, withAliases } from '../lib/args.js';
import { pyCompile } from '../../text/pyregex-match.js';
import type { ExecChange, Module } from '../module.js';
import { guardFacts, guardSkip } from './command.js';

const schema = withAliases(
  { command: ['_raw_params', 'cmd'] },
  z.strictObject({
    command: z.string().min(1),
    responses: z.record(z.string(), z.union([scalarString, z.array(scalarString).min(1)])),
    /** Seconds; Ansible's default is 30. null = no limit. */
    timeout: z.number().positive().nullable().default(30),
    chdir: z.string().min(1).optional(),
    creates: z.string().min(1).optional(),
    removes: z.string().min(1).optional(),
    echo: bool.default(false),
  }),
).superRefine((a, ctx) => {
  try {
    shlexSplit(a.command);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `cannot split the command line: ${(e as Error).message}` });
  }
  for (const k of Object.keys(a.responses)) {
    try {
      pyCompile(k, PEXPECT);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `responses: ${(e as Error).message}` });
    }
  }
});

export type ExpectArgs = z.output<typeof schema>;

/**
 * Ansible sends each answer followed by one newline (pexpect's sendline). The transport's expect
 * already adds that newline (src/connection/expect.ts), so the rule carries the bare answer.
 */
const line = (s: string) => s.replace(/\n$/, '');

/** pexpect compiles a string prompt with re.DOTALL. */
const PEXPECT = { dotall: true } as const;

/** Ansible: a list of answers is given one per occurrence of the prompt, in order. */
export function expectRules(responses: ExpectArgs['responses']): ExpectRule[] {
  const out: ExpectRule[] = [];
  for (const [prompt, answer] of Object.entries(responses)) {
    const p = pyCompile(prompt, PEXPECT);
    const rule = { prompt: p.re.source, flags: p.flags };
    if (Array.isArray(answer)) for (const a of answer) out.push({ ...rule, answer: line(a), times: 1 });
    else out.push({ ...rule, answer: line(answer) });
  }
  return out;
}

export const expectModule: Module<ExpectArgs> = {
  name: 'expect',
  args: schema,
  alwaysRuns: true,
  facts: guardFacts,
  plan(a, facts) {
    const skip = guardSkip(a, facts);
    if (skip !== undefined) return { changes: [], result: { cmd: a.command, rc: 0, stdout: skip, changed: false, skipped: true } };
    const change: ExecChange = {
      kind: 'exec',
      description: a.command,
      command: shJoin(shlexSplit(a.command)),
      expect: expectRules(a.responses),
    };
    if (a.timeout !== null) change.timeoutMs = a.timeout * 1000;
    if (a.chdir !== undefined) change.cwd = a.chdir;
    return { changes: [change], result: { cmd: a.command } };
  },
};
