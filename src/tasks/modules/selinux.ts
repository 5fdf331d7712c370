/**
 * `selinux`: the mode in /etc/selinux/config (SELINUX=, SELINUXTYPE=) and live via setenforce
 * where a mode switch works without a reboot. A host without SELinux is already satisfied.
 * register: { state, policy?, reboot_required, msg }.
 */
import { z } from 'zod';
import { fileContentFact } from '../../facts/file-content.js';
import { selinuxFact } from '../../facts/selinux.js';
import { editFacts, planEdit } from '../lib/edit-file.js';
import type { Change, Module } from '../module.js';

const CONFIG = '/etc/selinux/config';

const schema = z.strictObject({
  state: z.enum(['enforcing', 'permissive', 'disabled']),
  policy: z.string().regex(/^\w+$/).optional(),
  configfile: z.string().min(1).default(CONFIG),
});

export type SelinuxArgs = z.output<typeof schema>;

function setKey(text: string, key: string, value: string): string {
  const re = new RegExp(`^${key}=.*$`, 'm');
  if (re.test(text)) return text.replace(re, `${key}=${value}`);
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${key}=${value}\n`;
}

export const selinuxModule: Module<SelinuxArgs> = {
  name: 'selinux',
  args: schema.superRefine((a, ctx) => {
    if (a.state !== 'disabled' && a.policy === undefined) {
      // Ansible requires it too: a config without SELINUXTYPE does not boot into a policy.
      ctx.addIssue({ code: 'custom', message: `state: ${a.state} needs 'policy' (e.g. targeted)` });
    }
  }),
  facts: (a) => [selinuxFact, ...editFacts(a.configfile)],
  effects: (a) => [a.configfile],
  plan(a, facts) {
    const live = facts.get(selinuxFact);
    const config = facts.get(fileContentFact(a.configfile));
    if (live === undefined && !config.exists) {
      return { changes: [], result: { state: a.state, reboot_required: false, msg: 'SELinux is not present on this host' } };
    }
    const file = planEdit({ path: a.configfile, attrs: {}, create: true, missingOk: true, backup: false }, facts, (text) => {
      let t = setKey(text, 'SELINUX', a.state);
      if (a.policy !== undefined) t = setKey(t, 'SELINUXTYPE', a.policy);
      return { text: t, msg: `${a.configfile}: SELINUX=${a.state}` };
    });
    const changes: Change[] = [...file.changes];
    const messages: string[] = [];
    let reboot = false;
    if (live === 'Enforcing' && a.state !== 'enforcing') {
      changes.push({ kind: 'exec', description: 'setenforce 0 (Enforcing -> Permissive)', command: 'setenforce 0' });
    } else if (live === 'Permissive' && a.state === 'enforcing') {
      changes.push({ kind: 'exec', description: 'setenforce 1 (Permissive -> Enforcing)', command: 'setenforce 1' });
    }
    if ((live === 'Disabled') !== (a.state === 'disabled') && live !== undefined) {
      reboot = true;
      messages.push(`SELinux is ${live} now; a reboot completes the change to ${a.state}`);
    }
    return { changes, result: { state: a.state, policy: a.policy, reboot_required: reboot, msg: messages.join('') }, messages };
  },
};
