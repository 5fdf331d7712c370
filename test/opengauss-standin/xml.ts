/**
 * cluster_config.xml for the stand-in tests, written out by hand in the documented layout
 * (docs/opengauss.md §4.3/§4.4): the primary's DEVICE holds dataNode1 and the CM topology.
 */
export interface XNode {
  name: string;
  ip: string;
  role: 'primary' | 'standby' | 'cascade';
}

export interface XOpts {
  cm?: boolean;
  port?: number;
  syncNum?: string;
  /** Base of the paths (default /opt/openGauss). */
  home?: string;
  /** Drop cmDir from the DEVICE of this host (an invalid-input case). */
  noCmDirOn?: string;
  /** Replace the dataNode1 value (an invalid-input case). */
  dataNode1?: string;
}

export function clusterXml(nodes: XNode[], o: XOpts = {}): string {
  const home = o.home ?? '/opt/openGauss';
  const port = o.port ?? 15400;
  const ips = nodes.map((n) => n.ip).join(',');
  const names = nodes.map((n) => n.name).join(',');
  const dn = `${home}/data/dn`;
  const others = nodes.filter((n) => n.role !== 'primary');
  const dataNode1 = o.dataNode1 ?? [dn, ...others.map((n) => `\n        ,${n.name},${dn}`)].join('') + '\n      ';
  const cmDir = (n: XNode): string => (o.noCmDirOn === n.name ? '' : `      <PARAM name="cmDir" value="${home}/data/cm"/>\n`);
  const device = (n: XNode): string => {
    let s = `    <DEVICE sn="${n.name}">
      <PARAM name="name" value="${n.name}"/>
      <PARAM name="azName" value="AZ1"/>
      <PARAM name="azPriority" value="1"/>
      <PARAM name="backIp1" value="${n.ip}"/>
      <PARAM name="sshIp1" value="${n.ip}"/>
`;
    if (n.role === 'primary') {
      if (o.cm) {
        s += `      <PARAM name="cmsNum" value="1"/>
${cmDir(n)}      <PARAM name="cmServerPortBase" value="15300"/>
      <PARAM name="cmServerListenIp1" value="${ips}"/>
      <PARAM name="cmServerHaIp1" value="${ips}"/>
      <PARAM name="cmServerlevel" value="1"/>
      <PARAM name="cmServerRelation" value="${names}"/>
`;
      }
      s += `      <PARAM name="dataNum" value="1"/>
      <PARAM name="dataPortBase" value="${port}"/>
      <PARAM name="dataNode1" value="${dataNode1}"/>
      <PARAM name="dataNode1_syncNum" value="${o.syncNum ?? '0'}"/>
`;
    } else {
      if (n.role === 'cascade') s += `      <PARAM name="cascadeRole" value="on"/>\n`;
      if (o.cm) s += `${cmDir(n)}      <PARAM name="cmServerPortStandby" value="15800"/>\n`;
    }
    return s + '    </DEVICE>\n';
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<ROOT>
  <CLUSTER>
    <PARAM name="clusterName" value="dbCluster" />
    <PARAM name="gaussdbAppPath" value="${home}/install/app" />
    <PARAM name="gaussdbLogPath" value="/var/log/omm" />
    <PARAM name="tmpMppdbPath" value="${home}/tmp" />
    <PARAM name="gaussdbToolPath" value="${home}/install/om" />
    <PARAM name="corePath" value="${home}/corefile" />
    <PARAM name="nodeNames" value="${names}" />
    <PARAM name="backIp1s" value="${ips}"/>
  </CLUSTER>
  <DEVICELIST>
${nodes.map(device).join('')}  </DEVICELIST>
</ROOT>
`;
}

/** The invalid-input cases every tool must refuse: [title, xml, expected message]. */
export function invalidXmlCases(nodes: XNode[], spare: (i: number) => XNode): [string, string, RegExp][] {
  const three = nodes.slice(0, 3);
  const ten = [...nodes.slice(0, 1), ...Array.from({ length: 9 }, (_, i) => spare(i))];
  return [
    ['malformed XML', clusterXml(three).replace('</DEVICELIST>', '</DEVICELIS>'), /Failed to parse the XML file/],
    [
      'dataNode1 with the wrong item count',
      clusterXml(three, { dataNode1: '/opt/openGauss/data/dn,' + (nodes[1]?.name ?? '') }),
      /number of items of \[dataNode1\] is wrong/,
    ],
    ['syncNum out of range', clusterXml(three, { syncNum: '3' }), /The information of \[dataNode1_syncNum\] is wrong\./],
    ['a cascade without a standby', clusterXml(three.map((n, i) => (i ? { ...n, role: 'cascade' as const } : n))), /needs a standby in its AZ/],
    ['more than 8 replicas', clusterXml(ten), /At most 1 primary and 8 replicas/],
    ['a missing cmDir with CM', clusterXml(three, { cm: true, noCmDirOn: nodes[2]?.name ?? '' }), /\[cmDir\]/],
  ];
}
