/**
 * The one place that reads variable files (group_vars/, host_vars/, `-e @file`, the inventory
 * text). Everything else in src/inventory and src/vars is pure and takes a VarsLoader, so tests
 * can hand in an in-memory one.
 *
 * YAML is read as YAML 1.1, the dialect Ansible's PyYAML speaks (`on`/`yes` are booleans, `0755`
 * is octal), except that timestamps stay strings (ansible-inventory prints them as strings too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { UserError } from '../cli/errors.js';

export interface VarsLoader {
  /** 'file', 'dir' or 'missing' for a path. */
  kind(path: string): 'file' | 'dir' | 'missing';
  /** Names in a directory (not sorted, not filtered). */
  list(dir: string): string[];
  /** A file's text (UTF-8). */
  readText(path: string): string;
}

export const fsLoader: VarsLoader = {
  kind(path) {
    try {
      const st = statSync(path);
      return st.isDirectory() ? 'dir' : 'file';
    } catch {
      return 'missing';
    }
  },
  list: (dir) => readdirSync(dir),
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new UserError(`${path}: cannot read the file (${code}); check the path`);
    }
  },
};

/**
 * Parses YAML or JSON text. Returns undefined for an empty document. Errors name file:line.
 * `what` is the name used in messages (usually the path).
 */
export function parseYaml(text: string, what: string): unknown {
  if (text.startsWith('$ANSIBLE_VAULT')) {
    throw new UserError(`${what}: is Ansible-vault encrypted; afo does not read vault files, decrypt it (ansible-vault decrypt) or pass the secrets another way`);
  }
  const doc = parseDocument(text, {
    version: '1.1',
    prettyErrors: false,
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0].line;
    const msg = err.message.split('\n')[0] ?? err.message;
    throw new UserError(`${what}${line ? `:${line}` : ''}: invalid YAML: ${msg}`);
  }
  const vault = doc.warnings.find((w) => w.message.includes('!vault'));
  if (vault) throw new UserError(`${what}: uses !vault values; afo does not decrypt Ansible vault, pass the secrets another way`);
  return doc.toJS({ maxAliasCount: 1000 }) ?? undefined;
}

/** Loads a vars file that must hold a mapping (or be empty). */
export function loadVarsFile(loader: VarsLoader, path: string): Record<string, unknown> | undefined {
  const data = parseYaml(loader.readText(path), path);
  if (data === undefined || data === null) return undefined;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${path}: must contain a mapping of variable names to values, found ${Array.isArray(data) ? 'a list' : typeof data}`);
  }
  return data as Record<string, unknown>;
}
