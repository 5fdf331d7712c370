/**
 * zod building blocks for module arguments with Ansible's conventions: yes/no booleans, modes as
 * strings or numbers, lists given as a list or a comma-separated string, and argument aliases.
 */
import { z } from 'zod';
import { parseBool } from '../../text/bool.js';
import { type ModeSpec, parseMode } from './mode.js';

/** Ansible booleans (yes/no, on/off, 1/0, t/f, ... in any case); anything else is an argument error. */
export const bool = z.preprocess((v) => parseBool(v) ?? v, z.boolean());

/** `mode:` as '0644', 420 (YAML 1.1's reading of 0644) or a symbolic mode. */
export const modeArg = z.union([z.string(), z.number()]).transform((v, ctx): ModeSpec => {
  try {
    return parseMode(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

/** Scalars a YAML author may write unquoted where a string is meant (uid: 1000, value: 5). */
export const scalarString = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

/** A list given as a YAML list or as a comma-separated string ("wheel,adm"). */
export const stringList = z.union([z.array(scalarString), scalarString]).transform((v) =>
  Array.isArray(v)
    ? v
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
);

/** Owner/group: a name or a numeric id. */
export const principal = scalarString.pipe(z.string().min(1));

/**
 * Wrap an object schema so Ansible's aliases work: `{ path: ['dest', 'name'] }` lets a task write
 * `dest:` for `path:`. Giving both the name and an alias is an error, as in Ansible.
 */
export function withAliases<T extends z.ZodType>(aliases: Record<string, readonly string[]>, schema: T) {
  return z.preprocess((raw, ctx) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const [name, alts] of Object.entries(aliases)) {
      for (const alt of alts) {
        if (!(alt in out)) continue;
        if (name in out) {
          ctx.addIssue({ code: 'custom', message: `give either '${name}' or its alias '${alt}', not both` });
        } else {
          out[name] = out[alt];
        }
        delete out[alt];
      }
    }
    return out;
  }, schema);
}

/** The output type of a module's argument schema. */
export type ArgsOf<T extends z.ZodType> = z.output<T>;
