/**
 * A systemd unit's state from `systemctl show`. A host without systemctl, or where systemd is
 * not running, is a value too, so the service module can say so clearly.
 */
import { shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';
import { keyValues } from '../text/key-value.js';

export type ServiceInfo =
  | { systemd: false; reason: string }
  | {
      systemd: true;
      /** loaded, not-found, masked, error, ... */
      loadState: string;
      /** active, inactive, failed, activating, deactivating, reloading */
      activeState: string;
      /** enabled, disabled, static, masked, indirect, generated, '' ... */
      unitFileState: string;
    };

export function serviceFact(name: string): FactSpec<ServiceInfo> {
  const n = shQuote(name);
  return {
    id: `service:${name}`,
    command:
      `if command -v systemctl >/dev/null 2>&1; then systemctl show ${n} --no-pager -p LoadState -p ActiveState -p UnitFileState 2>&1; ` +
      `else echo nosystemctl; fi`,
    parse: parseService,
  };
}

export function parseService(stdout: string): ServiceInfo {
  const text = stdout.trim();
  if (text === 'nosystemctl') return { systemd: false, reason: 'there is no systemctl' };
  const kv = keyValues(text, { trim: true });
  const load = kv.get('LoadState');
  if (load === undefined) return { systemd: false, reason: `systemctl cannot be used: ${text.split('\n')[0]}` };
  return { systemd: true, loadState: load, activeState: kv.get('ActiveState') ?? '', unitFileState: kv.get('UnitFileState') ?? '' };
}
