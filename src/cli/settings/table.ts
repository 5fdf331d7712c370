/**
 * Every afo.cfg setting: its section and key (Ansible's names where Ansible has one), the
 * environment variable that overrides the file, the command-line flag that overrides both, and
 * its default. One table, read by the file checker, the resolver, `afo settings` and the README
 * test (README.md, "Settings: afo.cfg").
 */
export type SettingKind = 'string' | 'path' | 'int' | 'bool';

export interface Setting {
  section: 'defaults' | 'ssh_connection';
  key: string;
  env: string;
  /** commander's attribute name of the flag this setting is the default of (e.g. `forks` for -f). */
  option?: string;
  /** The flag as the user types it (for --help and the README). */
  flag?: string;
  kind: SettingKind;
  default?: string | number | boolean;
  /** What the default means when it is not a plain value. */
  defaultText?: string;
  help: string;
}

export const SETTINGS: readonly Setting[] = [
  {
    section: 'defaults',
    key: 'inventory',
    env: 'AFO_INVENTORY',
    option: 'inventory',
    flag: '-i',
    kind: 'path',
    default: 'inventories/opengauss/hosts.ini',
    help: 'the INI inventory',
  },
  { section: 'defaults', key: 'forks', env: 'AFO_FORKS', option: 'forks', flag: '-f', kind: 'int', default: 10, help: 'hosts worked on at once' },
  {
    section: 'defaults',
    key: 'remote_user',
    env: 'AFO_REMOTE_USER',
    option: 'user',
    flag: '-u',
    kind: 'string',
    defaultText: 'your user',
    help: 'login user where the inventory sets no ansible_user',
  },
  {
    section: 'defaults',
    key: 'private_key_file',
    env: 'AFO_PRIVATE_KEY_FILE',
    kind: 'path',
    defaultText: '~/.ssh/id_ed25519, id_ecdsa, id_rsa (those that exist)',
    help: 'SSH key where the inventory sets no ansible_ssh_private_key_file',
  },
  {
    section: 'defaults',
    key: 'host_key_checking',
    env: 'AFO_HOST_KEY_CHECKING',
    kind: 'bool',
    default: true,
    help: 'false: unknown host keys are recorded without asking (a changed key is always refused)',
  },
  {
    section: 'defaults',
    key: 'host_key_accept_new',
    env: 'AFO_HOST_KEY_ACCEPT_NEW',
    option: 'acceptNewHostKeys',
    flag: '--accept-new-host-keys',
    kind: 'bool',
    default: false,
    help: 'record unknown host keys (OpenSSH accept-new)',
  },
  {
    section: 'defaults',
    key: 'become_ask_pass',
    env: 'AFO_BECOME_ASK_PASS',
    option: 'askBecomePass',
    flag: '-K',
    kind: 'bool',
    default: false,
    help: 'ask for the sudo password once before the run',
  },
  {
    section: 'defaults',
    key: 'log_path',
    env: 'AFO_LOG_PATH',
    option: 'logDir',
    flag: '--log-dir',
    kind: 'path',
    default: 'reports/logs',
    help: "afo play's run log directory (deploy, expand and the cluster commands write theirs under reports/ beside the inventory)",
  },
  {
    section: 'defaults',
    key: 'roles_path',
    env: 'AFO_ROLES_PATH',
    kind: 'string',
    defaultText: 'none: the role argument is a path',
    help: 'colon-separated directories where `afo play NAME` looks for roles/NAME',
  },
  { section: 'defaults', key: 'timeout', env: 'AFO_TIMEOUT', kind: 'int', default: 10, help: 'SSH connect timeout in seconds' },
  {
    section: 'ssh_connection',
    key: 'ssh_args',
    env: 'AFO_SSH_ARGS',
    kind: 'string',
    help: 'ssh options for every host, read like ansible_ssh_common_args (-o Key=Value, -p, -l, -i) and placed before them',
  },
];
