/** Run YAML tasks on fake hosts and collect events: the engine tests' one entry point. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EngineEvent } from '../../../src/engine/events.js';
import type { RunOptions } from '../../../src/engine/options.js';
import { runRole, type RunResult } from '../../../src/engine/run.js';
import { TaskLoader } from '../../../src/roles/load.js';
import type { Module } from '../../../src/tasks/module.js';
import { tempDir } from '../../support/temp.js';
import { Concurrency, FakeHost } from './fake-transport.js';
import { testModules } from './fake-modules.js';

export interface Fixture {
  hosts: FakeHost[];
  local: FakeHost;
  events: EngineEvent[];
  result: RunResult;
}

/** Write `files` (path -> YAML) into a fresh role dir. */
export function writeRole(files: Record<string, string>): string {
  const dir = tempDir('afo-role-');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

export function makeHosts(n: number, concurrency = new Concurrency()): FakeHost[] {
  return Array.from({ length: n }, (_, i) => new FakeHost(`h${i + 1}`, concurrency));
}

export async function run(
  roleDir: string,
  hosts: FakeHost[],
  opts: RunOptions & {
    hostVars?: Record<string, Record<string, unknown>>;
    groups?: Record<string, string[]>;
    only?: string[];
    modules?: Module[];
    local?: FakeHost;
  } = {},
): Promise<Fixture> {
  const loader = new TaskLoader(opts.modules ?? testModules);
  const role = loader.load(roleDir);
  const events: EngineEvent[] = [];
  const local = opts.local ?? new FakeHost('localhost');
  const names = hosts.map((h) => h.name);
  const result = await runRole(
    {
      role,
      inventory: hosts.map((h) => ({ name: h.name, vars: opts.hostVars?.[h.name] ?? {} })),
      groups: opts.groups ?? { all: names },
      hosts: opts.only ?? names,
    },
    {
      loader,
      connect: async (h) => hosts.find((x) => x.name === h.name)!.transport(),
      local: () => local.transport(),
      emit: (e) => events.push(e),
      sleep: async () => {},
    },
    opts,
  );
  return { hosts, local, events, result };
}

/** Status of each host for the task named `name`. */
export function statuses(events: EngineEvent[], name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) if (e.type === 'host-task-end' && e.task.name === name) out[e.host] = e.status;
  return out;
}

export function messages(events: EngineEvent[], host?: string): string[] {
  return events.flatMap((e) => (e.type === 'message' && (!host || e.host === host) ? [e.text] : []));
}
