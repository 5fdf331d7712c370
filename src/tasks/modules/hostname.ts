/**
 * `hostname`: the live name and /etc/hostname (OM needs both equal to the XML node name). With
 * systemd: `hostnamectl set-hostname`; without: write /etc/hostname in place (it can be a bind
 * mount that a rename would fail on) and set the kernel's name.
 * register: { name }.
 */
import { z } from 'zod';
import { hostnameFact } from '../../facts/hostname.js';
import { shQuote } from '../../text/shlex.js';
import type { Change, Module } from '../module.js';

const schema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/, 'a host name (letters, digits, dots, dashes)'),
  use: z.string().optional(),
});

export type HostnameArgs = z.output<typeof schema>;

export const hostnameModule: Module<HostnameArgs> = {
  name: 'hostname',
  args: schema,
  facts: () => [hostnameFact],
  effects: () => ['/etc/hostname'],
  plan(a, facts) {
    const h = facts.get(hostnameFact);
    const n = shQuote(a.name);
    const result = { name: a.name };
    if (h.live === a.name && h.file === a.name) return { changes: [], result };
    if (h.hostnamectl) {
      return {
        changes: [{ kind: 'exec', description: `hostnamectl set-hostname ${a.name} (was ${h.live})`, command: `hostnamectl set-hostname ${n}` }],
        result,
      };
    }
    const changes: Change[] = [];
    if (h.file !== a.name) {
      changes.push({ kind: 'exec', description: `/etc/hostname: ${a.name}`, command: `printf '%s\\n' ${n} > /etc/hostname` });
    }
    if (h.live !== a.name) {
      changes.push({
        kind: 'exec',
        description: `hostname ${a.name} (was ${h.live})`,
        command: `hostname ${n} 2>/dev/null || printf '%s' ${n} > /proc/sys/kernel/hostname`,
      });
    }
    return { changes, result };
  },
};
