/**
 * `service` (also `systemd`, `systemd_service`): a unit started/stopped (restarted/reloaded
 * always act, without reading the unit's state) and enabled or not, through systemctl. A unit that does not exist is fine when it
 * is asked to be stopped/disabled (no firewalld = firewall off, docs/opengauss.md §7.16). A host
 * without systemd is an error that names the host.
 * register: { name, state?, enabled?, status: { LoadState, ActiveState, UnitFileState } } (no status
 * for restarted/reloaded alone: the state is not read).
 */
import { z } from 'zod';
import type { FactSpec } from '../../facts/fact.js';
import { serviceFact } from '../../facts/service.js';
import { shQuote } from '../../text/shlex.js';
import { bool, withAliases } from '../lib/args.js';
import type { ExecChange, Module, PlanResult } from '../module.js';

const schema = withAliases(
  { name: ['service', 'unit'], daemon_reload: ['daemon-reload'] },
  z.strictObject({
    name: z
      .string()
      .regex(/^[\w@.:\\-]+$/, 'a unit name')
      .optional(),
    state: z.enum(['started', 'stopped', 'restarted', 'reloaded']).optional(),
    enabled: bool.optional(),
    daemon_reload: bool.default(false),
  }),
).superRefine((a, ctx) => {
  if (a.name === undefined && !a.daemon_reload) ctx.addIssue({ code: 'custom', message: "give 'name' (or daemon_reload: yes alone)" });
  if (a.name !== undefined && a.state === undefined && a.enabled === undefined) {
    ctx.addIssue({ code: 'custom', message: "give 'state' and/or 'enabled'" });
  }
});

export type ServiceArgs = z.output<typeof schema>;

const RUNNING = new Set(['active', 'activating', 'reloading']);
/** Unit file states that enable/disable cannot change (and that count as "enabled" when wanted). */
const FIXED = new Set(['static', 'indirect', 'generated', 'transient', 'alias', 'enabled-runtime']);

function sc(verb: string, name: string): ExecChange {
  return { kind: 'exec', description: `systemctl ${verb} ${name}`, command: `systemctl ${verb} ${shQuote(name)}` };
}

/**
 * restarted/reloaded with nothing else to decide (no `enabled`) act every time, so they read no
 * facts (and may follow a command in a batch, docs/architecture.md §3.3); a reload of a stopped
 * unit starts it (Ansible), decided on the host. systemctl itself reports a missing unit.
 */
function actsAlways(a: ServiceArgs): boolean {
  return a.name !== undefined && (a.state === 'restarted' || a.state === 'reloaded') && a.enabled === undefined;
}

function plan(a: ServiceArgs, facts: { get: <T>(s: FactSpec<T>) => T }, host: string): PlanResult {
  const reload: ExecChange = { kind: 'exec', description: 'systemctl daemon-reload', command: 'systemctl daemon-reload' };
  if (a.name === undefined) return { changes: [reload], result: {} };
  if (actsAlways(a)) {
    const n = shQuote(a.name);
    const act: ExecChange =
      a.state === 'restarted'
        ? sc('restart', a.name)
        : {
            kind: 'exec',
            description: `systemctl reload ${a.name} (start when stopped)`,
            command: `if systemctl is-active --quiet ${n}; then systemctl reload ${n}; else systemctl start ${n}; fi`,
          };
    return { changes: a.daemon_reload ? [reload, act] : [act], result: { name: a.name, state: a.state } };
  }
  const s = facts.get(serviceFact(a.name));
  if (!s.systemd) {
    return { changes: [], fail: `host ${host} has no usable systemd (${s.reason}); the service module cannot manage ${a.name}` };
  }
  const status = { LoadState: s.loadState, ActiveState: s.activeState, UnitFileState: s.unitFileState };
  const result = { name: a.name, state: a.state, enabled: a.enabled, status };
  if (s.loadState === 'not-found') {
    const harmless = (a.state === undefined || a.state === 'stopped') && a.enabled !== true;
    if (harmless) return { changes: [], result, messages: [`unit ${a.name} does not exist on ${host}; nothing to stop or disable`] };
    return { changes: [], result, fail: `unit ${a.name} not found on host ${host}` };
  }
  const changes: ExecChange[] = [];
  if (a.enabled !== undefined) {
    const st = s.unitFileState;
    if (st === 'masked' && a.enabled) return { changes: [], result, fail: `unit ${a.name} is masked on host ${host}; unmask it first` };
    const on = st === 'enabled' || FIXED.has(st);
    if (a.enabled && !on) changes.push(sc('enable', a.name));
    if (!a.enabled && st === 'enabled') changes.push(sc('disable', a.name));
  }
  const running = RUNNING.has(s.activeState);
  if (a.state === 'started' && !running) changes.push(sc('start', a.name));
  if (a.state === 'stopped' && running) changes.push(sc('stop', a.name));
  if (a.state === 'restarted') changes.push(sc('restart', a.name));
  // Ansible: reloading a stopped unit starts it.
  if (a.state === 'reloaded') changes.push(sc(running ? 'reload' : 'start', a.name));
  if (a.daemon_reload && changes.length > 0) changes.unshift(reload);
  return { changes, result };
}

function serviceModule(name: string): Module<ServiceArgs> {
  return {
    name,
    args: schema,
    facts: (a) => (a.name === undefined || actsAlways(a) ? [] : [serviceFact(a.name)]),
    // a daemon reload can change what systemd says about every unit
    effects: (a) => (a.daemon_reload ? ['service:'] : []),
    plan: (a, facts, ctx) => plan(a, facts, ctx.host),
  };
}

export const serviceModules: Module<ServiceArgs>[] = ['service', 'systemd', 'systemd_service'].map(serviceModule);
