import { UserError } from '../errors.js';

/** `--forks N` as given on the command line: undefined when absent, else a positive whole number. */
export function parseForks(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--forks must be a positive whole number, got '${value}'`);
  return n;
}
