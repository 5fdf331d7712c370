/**
 * Secrets never reach logs, events or reports: every text leaving the engine or the deploy
 * passes through here. One rule for all of them: the longest secret is masked first, so a
 * secret that contains another (`Pass1234Extra` and `Pass1234`) is hidden whole instead of
 * leaving its tail (`********Extra`) readable.
 */

/** What a secret becomes. */
export const MASK = '********';

/** Variable names whose values are secret (ansible_become_pass, db_password, api_token, ...). */
const SECRET_NAME = /(pass(word)?|passwd|secret|token|private_key_passphrase)$/i;

/** Replaces every occurrence of every secret in `text`, longest first; empty strings are ignored. */
export function redact(text: string, secrets: Iterable<string>): string {
  const ordered = [...new Set([...secrets].filter((s) => typeof s === 'string' && s !== ''))].sort((a, b) => b.length - a.length);
  return ordered.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(MASK) : out), text);
}

/** The run's set of secrets, growing as secret values appear (sudo password, variables, set_fact). */
export class Redactor {
  private readonly secrets = new Set<string>();

  /**
   * Registers a secret. Values shorter than 3 characters are ignored: masking every `1` or `ok`
   * in the output would hide far more than it protects.
   */
  add(value: unknown): void {
    if (typeof value === 'string' && value.length >= 3) this.secrets.add(value);
  }

  /** Registers the values of variables whose names look secret. */
  addVars(vars: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(vars)) if (SECRET_NAME.test(k)) this.add(v);
  }

  redact(text: string): string {
    return redact(text, this.secrets);
  }
}
