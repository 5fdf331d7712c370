/** Connection settings for lab hosts, as the SSH transport tests use them. */
import type { Lab, LabHost } from '../lab/api.js';
import type { HostConnection } from '../../src/connection/settings.js';

/** Root with the lab key, host key checked strictly against the lab's known_hosts. */
export function rootConn(l: Lab, h: LabHost, extra: Partial<HostConnection> = {}): HostConnection {
  return {
    name: h.name,
    address: h.ip,
    port: h.port,
    user: 'root',
    privateKeyFile: l.key,
    knownHostsFile: l.knownHosts,
    strictHostKeyChecking: 'yes',
    connectTimeoutMs: 5000,
    ...extra,
  };
}

/** The lab's sudo user, logging in with its password; sudo asks for the same password. */
export function sudoConn(l: Lab, h: LabHost, extra: Partial<HostConnection> = {}): HostConnection {
  return rootConn(l, h, { user: l.sudoUser, password: l.sudoPassword, privateKeyFile: undefined, becomePassword: l.sudoPassword, ...extra });
}
