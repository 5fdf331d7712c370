/**
 * Module lookup by YAML name. Ansible users write both `file:` and `ansible.builtin.file:`
 * (or `ansible.posix.sysctl:`); the collection prefix is accepted and removed.
 */
import type { Module } from '../tasks/module.js';

const PREFIXES = ['ansible.builtin.', 'ansible.posix.', 'community.general.', 'ansible.legacy.'];

export class ModuleRegistry {
  private readonly byName = new Map<string, Module>();

  // biome-ignore lint/suspicious/noExplicitAny: a registry holds modules of every argument type
  constructor(modules: Iterable<Module<any>>) {
    for (const m of modules) this.byName.set(m.name, m as Module);
  }

  /** Canonical name for a YAML key (prefix removed), whether or not such a module exists. */
  canonical(key: string): string {
    for (const p of PREFIXES) if (key.startsWith(p)) return key.slice(p.length);
    return key;
  }

  get(key: string): Module | undefined {
    return this.byName.get(this.canonical(key));
  }

  has(key: string): boolean {
    return this.byName.has(this.canonical(key));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
