/**
 * The rendered cluster_config.xml must be XML that OM can read (docs/opengauss.md §4.1: one
 * `<ROOT>` with CLUSTER and DEVICELIST). A user's own template (opengauss_xml_template) can render
 * anything, so its output is parsed before any host is contacted and refused with the template's
 * name, line and column.
 */
import { XMLValidator } from 'fast-xml-parser';
import { UserError } from '../../errors.js';

/** The root element OM's parser reads. */
const ROOT = 'ROOT';

/**
 * @param source the template that produced `xml` (named in the error).
 * @throws UserError when `xml` is not well-formed or its root element is not `<ROOT>`.
 */
export function checkRenderedXml(xml: string, source: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) {
    const { msg, line, col } = result.err;
    throw new UserError(
      `${source}: the rendered cluster_config.xml is not well-formed XML (line ${line}, column ${col} of the output: ${msg}); fix the template`,
    );
  }
  const root = /^(?:\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->))*\s*<([A-Za-z_][\w.:-]*)/.exec(xml)?.[1];
  if (root !== ROOT) {
    throw new UserError(`${source}: the rendered cluster_config.xml has root element <${root ?? ''}>, OM reads <${ROOT}>; fix the template`);
  }
}
