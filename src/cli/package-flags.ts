import { UserError } from '../errors.js';

/**
 * `--package-sha256 HEX` as given: undefined when absent, else 64 hex digits (lower-cased).
 * Checked before anything connects: a malformed sum can never match, so the run would fail late.
 */
export function parsePackageSha256(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(v)) {
    throw new UserError(
      `--package-sha256 must be the package's SHA-256 as 64 hex digits (sha256sum prints it), got '${value.length > 80 ? `${value.slice(0, 80)}…` : value}'`,
    );
  }
  return v.toLowerCase();
}
