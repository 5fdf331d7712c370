/**
 * The host's name: live (the kernel's), in /etc/hostname, and whether hostnamectl can be used
 * (present and systemd running — in containers and the lab's namespaces it is not).
 */
import type { FactSpec } from './fact.js';
import { keyValues } from '../text/key-value.js';

export interface HostnameInfo {
  live: string;
  /** First line of /etc/hostname; undefined when the file is missing. */
  file?: string;
  hostnamectl: boolean;
}

export const hostnameFact: FactSpec<HostnameInfo> = {
  id: 'hostname',
  command:
    // /etc/hostname is read by the shell itself; /proc files need cat: dash reads byte by byte,
    // and a /proc/sys file answers a one-byte read at an offset with nothing (only "l" of "lab1").
    `echo "live=$(cat /proc/sys/kernel/hostname)"; ` +
    `if [ -f /etc/hostname ]; then afo_h=; read -r afo_h < /etc/hostname; echo "file=$afo_h"; fi; ` +
    `if command -v hostnamectl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then echo hostnamectl=yes; else echo hostnamectl=no; fi`,
  parse(stdout) {
    const kv = keyValues(stdout, { trim: true });
    const live = kv.get('live');
    if (live === undefined) throw new Error(`unreadable hostname output: ${stdout.slice(0, 100)}`);
    const out: HostnameInfo = { live, hostnamectl: kv.get('hostnamectl') === 'yes' };
    const file = kv.get('file');
    if (file !== undefined) out.file = file;
    return out;
  },
};
