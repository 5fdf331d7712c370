/** Inventory connection variables -> the SSH transport's settings (the small adapter settings.ts mentions). */
import { userInfo } from 'node:os';
import type { HostConnection as SshSettings, StrictHostKeyChecking } from '../../connection/settings.js';
import { hostConnection } from '../../inventory/index.js';

function strict(v: string | undefined): StrictHostKeyChecking {
  if (v === 'accept-new') return 'accept-new';
  if (v === 'no' || v === 'off') return 'no';
  return 'yes';
}

export function sshSettings(host: string, vars: Record<string, unknown>): SshSettings {
  const c = hostConnection(host, vars as never);
  const timeout = Number(c.sshOptions.connecttimeout);
  return {
    name: c.name,
    address: c.address,
    port: c.port,
    user: c.user ?? userInfo().username,
    ...(c.password !== undefined ? { password: c.password } : {}),
    ...(c.privateKeyFile !== undefined ? { privateKeyFile: c.privateKeyFile } : {}),
    ...(c.becomePassword !== undefined ? { becomePassword: c.becomePassword } : {}),
    ...(c.knownHostsFiles?.[0] !== undefined ? { knownHostsFile: c.knownHostsFiles[0] } : {}),
    strictHostKeyChecking: strict(c.strictHostKeyChecking),
    connectTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : 10_000,
  };
}
