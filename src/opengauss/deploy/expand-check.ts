/**
 * What `afo expand --check` prints after the OS phase was planned: which hosts join, in what
 * order, the cluster_config.xml afterwards with its difference from the XML file on the primary
 * (the installed nodes' XML when there is none), and the OM commands. Pure text from the decision,
 * the plans and the file read.
 */
import { lineDiff } from '../../text/line-diff.js';
import type { ExpandGo } from './decide-expand.js';
import type { DeployPlan } from './plan.js';

export interface ExpandPlanText {
  installed: DeployPlan;
  /** The cluster_config.xml actually on the primary (undefined: not there; the installed nodes' XML is rendered instead). */
  onPrimary?: string | undefined;
  final: DeployPlan;
  decision: ExpandGo;
}

/** `withXml: false`: the steps only (what `afo deploy` prints when new hosts wait for `afo expand`). */
export function expandPlanLines({ installed, onPrimary, final, decision: d }: ExpandPlanText, withXml = true): string[] {
  const st = final.settings;
  const up = st.uploadPath;
  const xml = `${up}/cluster_config.xml`;
  const out: string[] = [];
  if (d.standbys.length + d.cascades.length === 0 && !d.addCm)
    return ['nothing to add: every inventory host is in the cluster' + (d.cmInstalled ? ', with CM' : '')];
  const gs = (hosts: typeof d.standbys) =>
    `as root on ${final.primary.name}, with ${st.userName}'s environment: ${up}/script/gs_expansion -U ${st.userName} -G ${st.userGroup} -X ${xml} -h ${hosts.map((h) => h.address).join(',')} --time-out=${600 * hosts.length}`;
  let n = 1;
  if (d.standbys.length > 0) {
    out.push(`${n++}. standbys join: ${d.standbys.map((h) => h.name).join(', ')}`, `   ${gs(d.standbys)}`, '   then wait until every node is Normal');
  }
  if (d.cascades.length > 0) {
    out.push(`${n++}. cascades join: ${d.cascades.map((h) => h.name).join(', ')}`, `   ${gs(d.cascades)}`, '   then wait until every node is Normal');
  }
  if (d.addCm) {
    out.push(
      `${n++}. CM is added (the cluster reaches ${final.nodes.length} data nodes): CM log directories, no stale CM tarball, the ${st.userName} crontab on every node;`,
      `   gs_ctl switchover to the first standby, wait Normal, gs_om -t refreshconf; switch back to ${final.primary.name}, wait, gs_om -t refreshconf;`,
      '   gs_om -t start; then as ' +
        `${st.userName}: cd ${st.paths.gaussdbAppPath}/tool/cm_tool && python3 cm_install -X ${xml} --cmpkg=${up}/<CM tarball> (CA password answered at the prompt)`,
    );
  }
  if (!withXml) return out;
  out.push(
    '',
    `cluster_config.xml afterwards (${xml}):`,
    final.xml.trimEnd(),
    '',
    onPrimary === undefined
      ? `difference from the XML of the installed nodes (no ${xml} on ${final.primary.name}):`
      : `difference from ${xml} on ${final.primary.name}:`,
    ...lineDiff(onPrimary ?? installed.xml, final.xml).filter((l) => !l.startsWith(' ')),
  );
  return out;
}
