/**
 * Inventory connection variables -> the SSH transport's settings (the two HostConnection
 * types live on each side of this adapter: inventory syntax vs what the transport needs).
 */
import { userInfo } from 'node:os';
import type { HostConnection as Settings, StrictHostKeyChecking } from '../../connection/settings.js';
import { hostConnection } from '../../inventory/connection.js';
import type { Vars } from '../../inventory/types.js';

export interface ConnectChoices {
  acceptNewHostKeys?: boolean;
  /** The -K answer / AFO_BECOME_PASS, used when the inventory gives none. */
  becomePassword?: string;
  connectTimeoutMs?: number;
}

export function connectionSettings(name: string, vars: Vars, choices: ConnectChoices): Settings {
  const c = hostConnection(name, vars);
  const strict = c.strictHostKeyChecking;
  let mode: StrictHostKeyChecking = strict === 'no' || strict === 'off' ? 'no' : strict === 'accept-new' ? 'accept-new' : 'yes';
  if (choices.acceptNewHostKeys && mode === 'yes') mode = 'accept-new';
  const timeout = Number(c.sshOptions.connecttimeout);
  return {
    name,
    address: c.address,
    port: c.port,
    user: c.user ?? userInfo().username,
    password: c.password,
    privateKeyFile: c.privateKeyFile,
    becomePassword: c.becomePassword ?? choices.becomePassword,
    knownHostsFile: c.knownHostsFiles?.[0],
    strictHostKeyChecking: mode,
    connectTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : (choices.connectTimeoutMs ?? 15_000),
  };
}
