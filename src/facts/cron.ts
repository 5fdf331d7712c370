/**
 * A user's crontab (`crontab -l -u USER`), as base64 text. No crontab yet is the empty text; a
 * host without the crontab command says so.
 */
import { shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';

export type Crontab = { available: false } | { available: true; content: string };

export function crontabFact(user: string): FactSpec<Crontab> {
  return {
    id: `crontab:${user}`,
    command: `if command -v crontab >/dev/null 2>&1; then echo ok; crontab -l -u ${shQuote(user)} 2>/dev/null | base64; else echo nocrontab; fi`,
    parse(stdout) {
      const nl = stdout.indexOf('\n');
      const head = (nl < 0 ? stdout : stdout.slice(0, nl)).trim();
      if (head === 'nocrontab') return { available: false };
      if (head !== 'ok') throw new Error(`unreadable crontab output: ${stdout.slice(0, 100)}`);
      const b64 = nl < 0 ? '' : stdout.slice(nl + 1).replace(/\s+/g, '');
      return { available: true, content: Buffer.from(b64, 'base64').toString('utf8') };
    },
  };
}
