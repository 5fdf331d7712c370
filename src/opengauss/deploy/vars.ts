/**
 * The og_* variables afo deploy hands the role (extra vars): node names, /etc/hosts block,
 * rendered XML, package, keys, secrets. Names ending in _secret / _pass are redacted from
 * every log and event by the engine.
 */
import type { OpenGaussSecrets } from '../secrets.js';
import type { PreflightFacts } from '../modules/preflight-fact.js';
import type { DeployPlan } from './plan.js';
import type { KeyPair } from './keys.js';
import type { LocalPackage } from './package.js';

export interface RoleVarsInput {
  plan: DeployPlan;
  facts: Map<string, PreflightFacts>;
  secrets: OpenGaussSecrets;
  userHash: string;
  rootKey: KeyPair;
  omKey: KeyPair;
  pkg?: LocalPackage;
}

export function roleVars(i: RoleVarsInput): Record<string, unknown> {
  const { plan } = i;
  const nodes: Record<string, unknown> = {};
  for (const n of plan.nodes) {
    const nic = i.facts.get(n.name)?.interfaces?.find((x) => x.ipv4.includes(n.address));
    nodes[n.name] = { name: n.nodeName, address: n.address, role: n.role, iface: nic?.name ?? '', mtu: nic?.mtu ?? 0 };
  }
  const byIp = [...plan.nodes].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const hostsBlock = byIp.map((n) => `${n.address}  ${n.nodeName}`).join('\n');
  const knownHosts = byIp.flatMap((n) => (i.facts.get(n.name)?.hostKeys ?? []).map((k) => `${n.address},${n.nodeName} ${k}`)).join('\n');
  return {
    ansible_become: true,
    og_primary: plan.primary.name,
    og_nodes: nodes,
    og_hosts_block: hostsBlock,
    og_known_hosts: knownHosts,
    og_ssh_names: byIp.flatMap((n) => [n.address, n.nodeName]),
    og_xml: plan.xml,
    og_install_timeout: 600 * plan.nodes.length,
    og_trust_pub: i.rootKey.publicKey,
    og_trust_key_secret: i.rootKey.privateKey,
    og_om_pub: i.omKey.publicKey,
    og_om_key_secret: i.omKey.privateKey,
    og_user_hash_secret: i.userHash,
    og_db_pass: i.secrets.root_pass,
    og_ca_pass: i.secrets.ca_file_pass,
    og_cm_timeout: 300 * plan.nodes.length,
    og_pkg_mirror: plan.settings.pkgMirror ?? null,
    ...(i.pkg ? { og_package_local: i.pkg.path, og_package_file: i.pkg.fileName, og_om_member: i.pkg.members.om!.name } : {}),
    ...(i.pkg?.members.cm ? { og_cm_member: i.pkg.members.cm.name } : {}),
  };
}
