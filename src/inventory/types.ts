/**
 * The parsed inventory as plain, JSON-serialisable data. Records use insertion order, which is
 * the order Ansible keeps (first appearance in the file); `groupOrder`/`hostOrder` make that order
 * explicit so that group or host names that look like integers cannot reorder anything.
 */

/** A variable value as YAML/JSON/INI typing produces it. */
export type VarValue = null | boolean | number | string | VarValue[] | { [key: string]: VarValue };

/** Variables by name. */
export type Vars = Record<string, VarValue>;

/** Where something was written: a file and a 1-based line (0 for a whole file). */
export interface SourceRef {
  file: string;
  line: number;
}

export interface InventoryGroup {
  name: string;
  /** Hosts listed directly in this group, in file order. */
  hosts: string[];
  /** Child groups, in the order Ansible adds them. */
  children: string[];
  /** Parent groups (not including the implicit `all` unless it was added as a parent). */
  parents: string[];
  /** Variables from `[name:vars]` in the inventory file (not group_vars/). */
  vars: Vars;
  /** Line of each variable in `vars`. */
  varSources: Record<string, SourceRef>;
  /** Where the group was first declared; undefined for the implicit `all` and `ungrouped`. */
  source?: SourceRef;
  /** Ansible's depth: longest path from `all`. Group vars apply shallow first. */
  depth: number;
  /** `ansible_group_priority` (default 1): at equal depth, higher priority wins. */
  priority: number;
}

export interface InventoryHost {
  name: string;
  /** Inline vars from host lines (and `ansible_port` from `host:port`). */
  vars: Vars;
  varSources: Record<string, SourceRef>;
  /** The first line that defines the host. */
  source: SourceRef;
  /** Groups that list the host directly, in order (ancestors via `groupsOfHost`). */
  groups: string[];
}

/** Variables loaded from one group_vars/ or host_vars/ entry (a file or a directory of files). */
export interface VarsFileSet {
  /** The files read, in the order they were merged. */
  files: string[];
  /** The merged content (later files replace earlier top-level keys, as in Ansible). */
  vars: Vars;
}

export interface Inventory {
  /** Path of the inventory file as given. */
  file: string;
  /** Directory holding group_vars/ and host_vars/. */
  dir: string;
  groups: Record<string, InventoryGroup>;
  groupOrder: string[];
  hosts: Record<string, InventoryHost>;
  hostOrder: string[];
  /** group_vars/<group>{,.yml,.yaml,.json} per group that has one. */
  groupVarsFiles: Record<string, VarsFileSet>;
  /** host_vars/<host>{,.yml,.yaml,.json} per host that has one. */
  hostVarsFiles: Record<string, VarsFileSet>;
  /** Things Ansible accepts silently but that look like mistakes. */
  warnings: string[];
}
