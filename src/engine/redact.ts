/**
 * Secrets never reach logs or events: every text leaving the engine passes through a Redactor
 * that knows the run's secret values (the sudo password, password-like variables).
 */
const SECRET_NAME = /(pass(word)?|passwd|secret|token|private_key_passphrase)$/i;

export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: unknown): void {
    if (typeof value === 'string' && value.length >= 3) this.secrets.add(value);
  }

  /** Register the values of variables whose names look secret (ansible_become_pass, db_password, ...). */
  addVars(vars: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(vars)) if (SECRET_NAME.test(k)) this.add(v);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('********');
    return out;
  }
}
