/**
 * Tiny modules for engine and loader tests: they follow the real contract (facts -> plan ->
 * changes) without depending on the built-in module set.
 */
import { z } from 'zod';
import type { FactSpec } from '../../../src/facts/fact.js';
import { shQuote } from '../../../src/text/shlex.js';
import type { Module } from '../../../src/tasks/module.js';

/** `note: { msg }` — a control-machine message (like debug). */
export const note: Module<{ msg: string }> = {
  name: 'note',
  // Like Ansible's str parameters, numbers are accepted and shown as text.
  args: z.object({ msg: z.union([z.string(), z.number()]).transform(String) }).strict(),
  local: true,
  facts: () => [],
  plan: (args) => ({ changes: [], messages: [args.msg], result: { msg: args.msg } }),
};

/** `remember: { key: value }` — set_fact. */
export const remember: Module<Record<string, unknown>> = {
  name: 'remember',
  args: z.record(z.string(), z.unknown()),
  local: true,
  facts: () => [],
  plan: (args) => ({ changes: [], setFacts: args }),
};

/** Fact: file content (or null) at a path. It logs its id on the fake host (fake-host.ts). */
export function fileFact(path: string): FactSpec<string | null> {
  const id = `content:${path}`;
  return {
    id,
    command: `printf 'fact\\t%s\\n' ${shQuote(id)} >> "$AFO_LOG"; cat ${shQuote(path)} 2>/dev/null || echo __ABSENT__`,
    parse: (out) => (out.trim() === '__ABSENT__' ? null : out.replace(/\n$/, '')),
  };
}

/** `put: { path, content }` — writes a file with one exec (the host's `write` tool) when its content differs. */
export const put: Module<{ path: string; content: string }> = {
  name: 'put',
  args: z.object({ path: z.string(), content: z.string() }).strict(),
  facts: (a) => [fileFact(a.path)],
  plan: (a, facts) =>
    facts.get(fileFact(a.path)) === a.content
      ? { changes: [] }
      : { changes: [{ kind: 'exec', description: `write ${a.path}`, command: `write ${shQuote(a.path)} ${shQuote(a.content)}` }] },
};

/** `broken: { path }` — never converges: always plans a change (for the verify mode). */
export const broken: Module<{ path: string }> = {
  name: 'broken',
  args: z.object({ path: z.string() }).strict(),
  facts: (a) => [fileFact(a.path)],
  plan: (a) => ({ changes: [{ kind: 'exec', description: `poke ${a.path}`, command: `poke ${shQuote(a.path)}` }] }),
};

/** `command: { cmd, creates? }` — always runs (unless `creates` exists). */
export const command: Module<{ cmd: string; creates?: string }> = {
  name: 'command',
  args: z.object({ cmd: z.string(), creates: z.string().optional() }).strict(),
  alwaysRuns: true,
  facts: (a) => (a.creates ? [fileFact(a.creates)] : []),
  plan: (a, facts) =>
    a.creates && facts.get(fileFact(a.creates)) !== null ? { changes: [] } : { changes: [{ kind: 'exec', description: a.cmd, command: a.cmd }] },
  readCommand: (a) => ({ command: a.cmd, creates: a.creates }),
};

/** `die: { msg }` — fails (like fail:). */
export const die: Module<{ msg: string }> = {
  name: 'die',
  args: z.object({ msg: z.string() }).strict(),
  local: true,
  facts: () => [],
  plan: (a) => ({ changes: [], fail: a.msg }),
};

/** `waitfor: { what }` — a probe (like wait_for): runs on apply, changes nothing. */
export const waitfor: Module<{ what: string }> = {
  name: 'waitfor',
  args: z.object({ what: z.string() }).strict(),
  facts: () => [],
  plan: (a) => ({ changes: [{ kind: 'exec', description: `wait for ${a.what}`, command: `wait-for ${shQuote(a.what)}`, probe: true }] }),
};

/** `place: { dest, text }` — an upload with a diff, skipped when the content matches. */
export const place: Module<{ dest: string; text: string }> = {
  name: 'place',
  args: z.object({ dest: z.string(), text: z.string() }).strict(),
  facts: (a) => [fileFact(a.dest)],
  plan: (a, facts) => {
    const before = facts.get(fileFact(a.dest));
    if (before === a.text) return { changes: [] };
    return {
      changes: [
        {
          kind: 'upload',
          description: `place ${a.dest}`,
          dest: a.dest,
          content: Buffer.from(a.text),
          mode: '0644',
          diff: { before: before ?? '', after: a.text },
        },
      ],
    };
  },
};

/** `slowput`: like put, but its planner awaits (e.g. reads a local template) before reading facts. */
export const slowput: Module<{ path: string; content: string }> = {
  ...put,
  name: 'slowput',
  plan: async (a, facts, ctx) => {
    // a planner that yields to the event loop (the thing under test), not a wait for anything
    await new Promise((r) => setTimeout(r, 3));
    return put.plan(a, facts, ctx);
  },
};

/** `seen: { path }` — reads whether a file exists (like stat), changes nothing. */
export const seen: Module<{ path: string }> = {
  name: 'seen',
  args: z.object({ path: z.string() }).strict(),
  facts: (a) => [fileFact(a.path)],
  plan: (a, facts) => ({ changes: [], result: { exists: facts.get(fileFact(a.path)) !== null } }),
};

/** `heavy: { path }` — like seen, but its fact is marked lazy (costly: never read ahead). */
export const heavy: Module<{ path: string }> = {
  name: 'heavy',
  args: z.object({ path: z.string() }).strict(),
  facts: (a) => [{ ...fileFact(a.path), lazy: true }],
  plan: (a, facts) => ({ changes: [], result: { exists: facts.get({ ...fileFact(a.path), lazy: true }) !== null } }),
};

/** `putx`: put that declares what it alters (only its file): later tasks may be planned before it runs. */
export const putx: Module<{ path: string; content: string }> = { ...put, name: 'putx', effects: (a) => [a.path] };

/** `shout`: when `path` is missing, prints to stdout and stderr, exits `rc`, then creates `path`. */
export const shout: Module<{ path: string; out: string; err: string; rc: number }> = {
  name: 'shout',
  args: z.object({ path: z.string(), out: z.string(), err: z.string(), rc: z.number().default(0) }).strict(),
  facts: (a) => [fileFact(a.path)],
  effects: (a) => [a.path],
  plan: (a, facts) =>
    facts.get(fileFact(a.path)) !== null
      ? { changes: [] }
      : {
          changes: [
            {
              kind: 'exec',
              description: `shout ${a.path}`,
              command: `printf %s ${shQuote(a.out)}; printf %s ${shQuote(a.err)} >&2; [ ${a.rc} -eq 0 ] || exit ${a.rc}; write ${shQuote(a.path)} x`,
            },
          ],
        },
};

export const testModules: Module<any>[] = [note, remember, put, broken, command, die, waitfor, place, slowput, seen, heavy];
