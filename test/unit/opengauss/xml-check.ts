/**
 * A small XML reader for tests: checks well-formedness (balanced tags, quoted attributes, only
 * known entities, no stray text) and reads PARAMs the way OM does (split on `,`, strip spaces).
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/[<]/.test(raw)) throw new Error(`raw '<' in attribute value: ${raw}`);
  return raw.replace(/&([a-z]+);|&/g, (_m, name: string | undefined) => {
    if (name === undefined || !(name in ENTITY)) throw new Error(`bare '&' or unknown entity in: ${raw}`);
    return ENTITY[name]!;
  });
}

export function parseXml(text: string): XmlElement {
  let rest = text.replace(/^<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  const tag = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+\s*=\s*"[^"]*")*)\s*(\/?)>/;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const textPart = lt < 0 ? rest : rest.slice(0, lt);
    if (textPart.trim() !== '') throw new Error(`unexpected text: ${textPart.trim().slice(0, 40)}`);
    if (lt < 0) break;
    rest = rest.slice(lt);
    const m = tag.exec(rest);
    if (!m) throw new Error(`malformed tag at: ${rest.slice(0, 40)}`);
    rest = rest.slice(m[0].length);
    const [, close, name, attrText, selfClose] = m;
    const top = stack[stack.length - 1]!;
    if (close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([\w.-]+)\s*=\s*"([^"]*)"/g)) {
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!);
    }
    const el: XmlElement = { name: name!, attrs, children: [] };
    top.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1) throw new Error('expected exactly one root element');
  return root.children[0]!;
}

/** PARAM name -> list of values (split on ',' and trimmed, as OM does). Duplicate PARAMs throw. */
export function params(el: XmlElement): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of el.children.filter((c) => c.name === 'PARAM')) {
    const name = p.attrs['name']!;
    if (name in out) throw new Error(`duplicate PARAM ${name}`);
    out[name] = p.attrs['value']!.split(',').map((v) => v.trim());
  }
  return out;
}

/** The CLUSTER params and each DEVICE (sn + params) of a cluster_config.xml. */
export function readClusterConfig(text: string): { cluster: Record<string, string[]>; devices: { sn: string; params: Record<string, string[]> }[] } {
  const root = parseXml(text);
  if (root.name !== 'ROOT') throw new Error(`root is <${root.name}>`);
  const cluster = root.children.find((c) => c.name === 'CLUSTER');
  const list = root.children.find((c) => c.name === 'DEVICELIST');
  if (!cluster || !list) throw new Error('CLUSTER or DEVICELIST missing');
  return {
    cluster: params(cluster),
    devices: list.children.map((d) => ({ sn: d.attrs['sn']!, params: params(d) })),
  };
}
