/** Escaping for XML and HTML text and attribute values (cluster_config.xml, report.html). */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes `&`, `<`, `>`, `"` and `'`: safe in XML/HTML text and in quoted attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
