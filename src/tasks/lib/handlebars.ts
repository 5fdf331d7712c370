/**
 * The one Handlebars environment: the `template` module and cluster_config.xml both render
 * through it. `strict: true`, so a missing variable is an error and never an empty string in a
 * config file, and `noEscape: true`, because the output is configuration, not HTML. Each call
 * uses its own environment (no global registrations); callers add helpers per call.
 */
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { UserError } from '../../errors.js';

/**
 * Loaded on first use: a run that renders and checks no template (an `afo play` of the OS
 * preparation, `afo status`) does not pay for Handlebars' 45 module files at start.
 */
let loaded: typeof Handlebars | undefined;
function handlebars(): typeof Handlebars {
  loaded ??= createRequire(import.meta.url)('handlebars') as typeof Handlebars;
  return loaded;
}

export interface RenderOptions {
  /** The template's file name, for error messages ("templates/x.conf.hbs:12"). */
  file: string;
  /** More helpers for this render, beside eq/ne/join/json. */
  helpers?: Record<string, Handlebars.HelperDelegate>;
  /** Appended to "variable x is not defined", e.g. where the user sets variables. */
  missingHint?: string;
}

/** A few helpers config templates need; Handlebars itself has no comparison. */
function environment(helpers: RenderOptions['helpers'] = {}): typeof Handlebars {
  const hb = handlebars().create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hb.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ',') : String(list)));
  hb.registerHelper('json', (v: unknown) => JSON.stringify(v));
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  return hb;
}

/** The `{{ ... }}` expression at a 1-based line / 0-based column, for naming what is missing. */
function expressionAt(text: string, line: number, column: number): string | undefined {
  const src = text.split('\n')[line - 1];
  if (src === undefined) return undefined;
  const m = /^[\w.@/-]+/.exec(src.slice(column).replace(/^\{\{[#^/&~]?\s*/, ''));
  return m?.[0];
}

/**
 * Render `text` with `vars`. Errors are UserErrors naming `file:line` and the missing variable,
 * e.g. `templates/x.conf.hbs:3: variable "net.mtu" is not defined`; a helper's own error is
 * reported with the file.
 */
export function renderTemplate(text: string, vars: Record<string, unknown>, opts: RenderOptions): string {
  const hb = environment(opts.helpers);
  try {
    return hb.compile(text, { strict: true, noEscape: true })(vars);
  } catch (e) {
    const err = e as Error & { lineNumber?: number; column?: number };
    const notDefined = /^"(.+)" not defined in/.exec(err.message);
    if (notDefined !== null && err.lineNumber !== undefined) {
      const expr = expressionAt(text, err.lineNumber, err.column ?? 0) ?? notDefined[1];
      throw new UserError(`${opts.file}:${err.lineNumber}: variable "${expr}" is not defined${opts.missingHint ? ` ${opts.missingHint}` : ''}`);
    }
    const syntax = parseErrorOf(err);
    if (syntax !== undefined) throw new UserError(`${opts.file}:${syntax.line}: ${syntax.message}`);
    throw new UserError(`${opts.file}: cannot render template: ${err.message}`);
  }
}

/** Handlebars' "Parse error on line N: ..." as a line and a message, or undefined for other errors. */
function parseErrorOf(err: Error): { line: number; message: string } | undefined {
  const parse = /^Parse error on line (\d+):\n([\s\S]*)$/.exec(err.message);
  return parse === null ? undefined : { line: Number(parse[1]), message: `template syntax error:\n${parse[2]}` };
}

/**
 * Parses `text` without rendering it, so a role's template with a syntax error is refused when
 * the role is loaded, before any host is touched.
 * @returns the problem (line 0 when Handlebars names none), or undefined when it parses.
 */
export function templateSyntaxError(text: string): { line: number; message: string } | undefined {
  try {
    handlebars().parse(text);
    return undefined;
  } catch (e) {
    return parseErrorOf(e as Error) ?? { line: 0, message: `template syntax error: ${(e as Error).message}` };
  }
}
