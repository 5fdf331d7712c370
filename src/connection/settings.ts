/**
 * How to reach one host: the data the SSH transport needs, independent of inventory syntax.
 * The inventory produces data close to this; a small adapter maps host vars onto it.
 */
export type StrictHostKeyChecking = 'yes' | 'accept-new' | 'no';

/** Connection settings of one inventory host. */
export interface HostConnection {
  /** Inventory name (used in messages). */
  name: string;
  /** Address to connect to (`ansible_host`, else the name). */
  address: string;
  port: number;
  user: string;
  /** Login password (`ansible_password`); also answers keyboard-interactive prompts. */
  password?: string;
  privateKeyFile?: string;
  /** Passphrase for `privateKeyFile` (else the transport's passphrase hook or AFO_SSH_KEY_PASSPHRASE). */
  privateKeyPassphrase?: string;
  /** Password for sudo (`ansible_become_pass`, `--ask-become-pass`, AFO_BECOME_PASS). */
  becomePassword?: string;
  /** known_hosts file to verify (and record) host keys; default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** `yes`: unknown keys refused; `accept-new`: unknown keys recorded; `no`: unknown keys recorded too. A changed key is always refused. */
  strictHostKeyChecking: StrictHostKeyChecking;
  connectTimeoutMs: number;
}

/** Options an `ansible_ssh_common_args` string can set that afo honours. */
export interface SshCommonArgs {
  knownHostsFile?: string;
  strictHostKeyChecking?: StrictHostKeyChecking;
  connectTimeoutMs?: number;
}

/**
 * Read the `-o Key=Value` options afo understands from `ansible_ssh_common_args`
 * (`UserKnownHostsFile`, `StrictHostKeyChecking`, `ConnectTimeout`); others are ignored,
 * as they only tune OpenSSH's own client.
 */
export function parseSshCommonArgs(args: string): SshCommonArgs {
  const out: SshCommonArgs = {};
  const words = splitWords(args);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let opt: string | undefined;
    if (w === '-o') opt = words[++i];
    else if (w.startsWith('-o')) opt = w.slice(2);
    if (!opt) continue;
    const m = /^\s*([A-Za-z]+)\s*[= ]\s*(.*?)\s*$/.exec(opt);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    if (key === 'userknownhostsfile') out.knownHostsFile = value.split(/\s+/)[0];
    else if (key === 'stricthostkeychecking') {
      const v = value.toLowerCase();
      if (v === 'accept-new') out.strictHostKeyChecking = 'accept-new';
      else if (v === 'no' || v === 'off') out.strictHostKeyChecking = 'no';
      else if (v === 'yes' || v === 'ask') out.strictHostKeyChecking = 'yes';
    } else if (key === 'connecttimeout' && /^\d+$/.test(value)) out.connectTimeoutMs = Number(value) * 1000;
  }
  return out;
}

/** Split a shell-like argument string into words (single and double quotes, backslashes). */
function splitWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
