/**
 * File modes as tasks give them. Ansible accepts an octal string ('0644', '644'), a number (YAML
 * 1.1 reads an unquoted 0644 as the octal 420, and Ansible uses the number as the mode), or a
 * symbolic mode ('u=rw,g=r,o=', 'u+x'), which applies to the file's current mode.
 */

/** A validated mode: a fixed number, or a symbolic expression resolved against the current mode. */
export type ModeSpec = { kind: 'octal'; value: number } | { kind: 'symbolic'; text: string };

const SYMBOLIC_CLAUSE = /^[ugoa]*([-+=][rwxXst]*)+$/;

/** Parse a task's `mode:` value. Throws an Error with a user-facing message when it is not a mode. */
export function parseMode(input: string | number): ModeSpec {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0 || input > 0o7777) {
      throw new Error(`mode ${input} is not a file mode; write it as a quoted octal string, e.g. mode: '0644'`);
    }
    // A YAML number like 644 (no leading zero) is decimal 644 = 0o1204: Ansible would apply that
    // sticky, odd mode. Nobody means it, so refuse it with the fix instead.
    if (input > 0o777 && /^[0-7]{3}$/.test(String(input))) {
      throw new Error(`mode ${input} is read as the decimal number ${input} (= 0${input.toString(8)}); write mode: '0${input}' (quoted)`);
    }
    return { kind: 'octal', value: input };
  }
  const text = input.trim();
  if (/^0?[0-7]{3,4}$/.test(text) || /^0o[0-7]{3,4}$/.test(text)) {
    const value = parseInt(text.replace(/^0o/, ''), 8);
    if (value > 0o7777) throw new Error(`mode '${input}' is out of range`);
    return { kind: 'octal', value };
  }
  if (text !== '' && text.split(',').every((c) => SYMBOLIC_CLAUSE.test(c))) return { kind: 'symbolic', text };
  throw new Error(`mode '${input}' is neither an octal mode ('0644') nor a symbolic one ('u=rw,g=r,o=')`);
}

/** Four-digit octal text, e.g. 420 -> '0644', 0o4755 -> '4755'. */
export function formatMode(value: number): string {
  return value.toString(8).padStart(4, '0');
}

const WHO: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007 };

/**
 * The mode a spec asks for, given the current mode (undefined = the file does not exist yet, and
 * symbolic modes then start from the usual umask-022 default).
 */
export function resolveMode(spec: ModeSpec, current: number | undefined, isDir: boolean): number {
  if (spec.kind === 'octal') return spec.value;
  let mode = current ?? (isDir ? 0o755 : 0o644);
  for (const clause of spec.text.split(',')) {
    const m = /^([ugoa]*)(.*)$/.exec(clause)!;
    const who = m[1] === '' || m[1]!.includes('a') ? 'ugo' : m[1]!;
    let mask = 0;
    for (const w of who) mask |= WHO[w]!;
    for (const op of m[2]!.match(/[-+=][rwxXst]*/g) ?? []) {
      let bits = 0;
      for (const p of op.slice(1)) {
        if (p === 'r') bits |= 0o444;
        else if (p === 'w') bits |= 0o222;
        else if (p === 'x') bits |= 0o111;
        else if (p === 'X' && (isDir || (mode & 0o111) !== 0)) bits |= 0o111;
        else if (p === 's') bits |= 0o6000;
        else if (p === 't') bits |= 0o1000;
      }
      bits &= mask;
      if (op[0] === '+') mode |= bits;
      else if (op[0] === '-') mode &= ~bits;
      else mode = (mode & ~(mask & 0o7777)) | bits;
    }
  }
  return mode & 0o7777;
}
