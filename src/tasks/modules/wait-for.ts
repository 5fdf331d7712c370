/**
 * `wait_for`: wait on the host — in ONE exec that loops there — for a TCP port to accept (or stop
 * accepting) connections, or for a path to appear (optionally containing a regex) or disappear.
 * Its exec is a probe (ExecChange.probe): it runs on apply but does not make the task "changed".
 * register: { elapsed? } from the engine's rc/stdout; here { host?, port?, path?, state }.
 */
import { z } from 'zod';
import { shQuote } from '../../text/shlex.js';
import type { Module } from '../module.js';

const schema = z
  .strictObject({
    host: z
      .string()
      .regex(/^[\w.:-]+$/, 'a host name or address')
      .default('127.0.0.1'),
    port: z.coerce.number().int().min(1).max(65535).optional(),
    path: z.string().min(1).optional(),
    state: z.enum(['started', 'stopped', 'present', 'absent']).default('started'),
    timeout: z.number().nonnegative().default(300),
    delay: z.number().nonnegative().default(0),
    sleep: z.number().positive().default(1),
    connect_timeout: z.number().int().positive().default(5),
    search_regex: z.string().optional(),
    msg: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    const bad = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (a.port !== undefined && a.path !== undefined) bad("give 'port' or 'path', not both");
    if (a.port !== undefined && (a.state === 'present' || a.state === 'absent')) bad(`state: ${a.state} is for 'path'; use started/stopped with 'port'`);
    if (a.search_regex !== undefined && a.path === undefined) bad("search_regex needs 'path'");
  });

export type WaitForArgs = z.output<typeof schema>;

/** The condition, as a sh test that succeeds when the wait is over. */
function condition(a: WaitForArgs): string {
  if (a.port !== undefined) {
    const h = shQuote(a.host);
    const probe =
      `{ if command -v bash >/dev/null 2>&1; then timeout ${a.connect_timeout} bash -c 'exec 3<>"/dev/tcp/$0/$1"' ${h} ${a.port}; ` +
      `else nc -z -w ${a.connect_timeout} ${h} ${a.port}; fi; } >/dev/null 2>&1`;
    return a.state === 'stopped' ? `! ${probe}` : probe;
  }
  if (a.path !== undefined) {
    const p = shQuote(a.path);
    if (a.state === 'absent' || a.state === 'stopped') return `[ ! -e ${p} ]`;
    return a.search_regex !== undefined ? `grep -Eq -- ${shQuote(a.search_regex)} ${p} 2>/dev/null` : `[ -e ${p} ]`;
  }
  return 'false'; // Ansible: with neither, just wait for the timeout.
}

export function waitScript(a: WaitForArgs): string {
  const what = a.port !== undefined ? `port ${a.host}:${a.port} to be ${a.state}` : a.path !== undefined ? `${a.path} to be ${a.state}` : `${a.timeout}s`;
  const msg = a.msg ?? `Timeout when waiting for ${what}`;
  const done = a.port === undefined && a.path === undefined ? 'exit 0' : `echo ${shQuote(msg)} >&2; exit 1`;
  return [
    ...(a.delay > 0 ? [`sleep ${a.delay}`] : []),
    `end=$(( $(date +%s) + ${Math.ceil(a.timeout)} ))`,
    `while :; do`,
    `  if ${condition(a)}; then exit 0; fi`,
    `  if [ "$(date +%s)" -ge "$end" ]; then ${done}; fi`,
    `  sleep ${a.sleep}`,
    `done`,
  ].join('\n');
}

export const waitForModule: Module<WaitForArgs> = {
  name: 'wait_for',
  args: schema,
  alwaysRuns: true,
  facts: () => [],
  plan(a) {
    const what = a.port !== undefined ? `${a.host}:${a.port}` : (a.path ?? `${a.timeout}s`);
    return {
      changes: [
        {
          kind: 'exec',
          description: `wait for ${what} (${a.state}, up to ${a.timeout}s)`,
          command: waitScript(a),
          probe: true,
          timeoutMs: (a.delay + a.timeout + a.connect_timeout + 30) * 1000,
        },
      ],
      result: { state: a.state, ...(a.port !== undefined ? { host: a.host, port: a.port } : {}), ...(a.path !== undefined ? { path: a.path } : {}) },
    };
  },
};
