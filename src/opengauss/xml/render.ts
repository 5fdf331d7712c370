/**
 * Renders cluster_config.xml from a view with the shared handlebars environment (strict: missing
 * fields are errors; noEscape: the view is already XML-escaped). Users may supply their own
 * template; it gets the same view and the `list` helper.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../errors.js';
import { renderTemplate } from '../../tasks/lib/handlebars.js';
import { renderJ2ClusterConfig, type J2Context } from './render-j2.js';
import { buildClusterConfig, type ClusterConfigView } from './view.js';
import { checkRenderedXml } from './well-formed.js';
import type { ClusterConfigModel } from './model.js';

const TEMPLATE = join('templates', 'cluster_config.xml.hbs');

/** The bundled template: `templates/cluster_config.xml.hbs` at the package root (from src/ or dist/src/). */
export function defaultTemplatePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, TEMPLATE))) return join(dir, TEMPLATE);
    dir = dirname(dir);
  }
  throw new Error(`internal: ${TEMPLATE} not found above ${fileURLToPath(import.meta.url)}`);
}

/**
 * A wrapped list value in AFO's layout (docs/opengauss.md §4.4): the first item, then `\n<indent+2>,item` per
 * further item, then `\n<indent>` so `"/>` sits on its own line. One item stays on one line.
 * `indent` is the indentation of the `<PARAM` line.
 */
export function wrapList(items: readonly string[], indent: number): string {
  if (items.length <= 1) return items[0] ?? '';
  const pad = ' '.repeat(indent);
  return `${items[0]}${items
    .slice(1)
    .map((item) => `\n${pad}  ,${item}`)
    .join('')}\n${pad}`;
}

/** `{{list items indent}}`: the helper cluster_config.xml templates add to the shared environment. */
function list(items: unknown, indent: unknown): string {
  if (!Array.isArray(items) || typeof indent !== 'number') throw new Error('usage: {{list <array> <indent>}}');
  return wrapList(items.map(String), indent);
}

/**
 * Renders a view with a template text.
 * @param source names the template in error messages (a path for user templates).
 * @throws UserError when the template does not compile or uses a field the view lacks.
 */
export function renderClusterConfig(view: ClusterConfigView, template: string, source = 'cluster_config.xml template'): string {
  return renderTemplate(template, view as unknown as Record<string, unknown>, { file: source, helpers: { list } });
}

/** Reads a template: the user's path when given, else the bundled one. */
export async function loadClusterConfigTemplate(path?: string): Promise<{ source: string; text: string }> {
  const source = path ?? defaultTemplatePath();
  try {
    return { source, text: await readFile(source, 'utf8') };
  } catch (e) {
    throw new UserError(`cannot read the cluster_config.xml template ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Model → XML text in one call: validate, build the view, load the template, render, check
 * that the output is XML with OM's root (well-formed.ts). The
 * template's extension picks the engine: `.hbs` handlebars, `.j2` afo's Jinja engine (render-j2.ts).
 */
export async function renderClusterConfigXml(model: ClusterConfigModel, opts: { templatePath?: string; j2?: J2Context } = {}): Promise<string> {
  const view = buildClusterConfig(model);
  const path = opts.templatePath;
  if (path?.endsWith('.j2')) {
    const xml = renderJ2ClusterConfig(
      view,
      path,
      opts.j2 ?? { vars: {}, nodes: model.nodes.map((n) => ({ address: n.address, role: n.role, hostVars: {} })), inventoryDir: dirname(path) },
    );
    checkRenderedXml(xml, path);
    return xml;
  }
  if (path !== undefined && !path.endsWith('.hbs')) {
    throw new UserError(`opengauss_xml_template ${path}: name a handlebars (.hbs) or Jinja (.j2) template; the extension picks the engine`);
  }
  const { source, text } = await loadClusterConfigTemplate(path);
  const xml = renderClusterConfig(view, text, source);
  checkRenderedXml(xml, source);
  return xml;
}
