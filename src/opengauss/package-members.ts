/**
 * Members of the openGauss "all" tarball (docs/opengauss.md §6.1/§6.2) and `.sha256` files. 5.x
 * members are matched by suffix, 6.x by prefix; AFO's substring match (`om.tar.gz`) broke on
 * 6.x (§7.7).
 */
import { UserError } from '../errors.js';
import type { PackageScheme } from './packages.js';

/** A member tarball and, when shipped, the `.sha256` file beside it (entry names as listed). */
export interface PackageMember {
  name: string;
  sha256File?: string;
}

/** The members afo uses: the server (`.tar.bz2`), OM and CM tarballs. */
export interface PackageMembers {
  server?: PackageMember;
  om?: PackageMember;
  cm?: PackageMember;
}

type Kind = keyof PackageMembers;

function basename(entry: string): string {
  return entry.replace(/\/+$/, '').split('/').pop() ?? entry;
}

function kindOf(scheme: PackageScheme, name: string): Kind | undefined {
  if (scheme === '5.x') {
    if (name.endsWith('-om.tar.gz')) return 'om';
    if (name.endsWith('-cm.tar.gz')) return 'cm';
    if (name.endsWith('.tar.bz2')) return 'server';
    return undefined;
  }
  if (name.startsWith('openGauss-OM-') && name.endsWith('.tar.gz')) return 'om';
  if (name.startsWith('openGauss-CM-') && name.endsWith('.tar.gz')) return 'cm';
  if (name.startsWith('openGauss-Server-') && name.endsWith('.tar.bz2')) return 'server';
  return undefined;
}

/**
 * The `.sha256` beside a member. openGauss names it after the member without its archive suffix
 * (`…-64bit-om.sha256`, `…-64bit.sha256` for the server `.tar.bz2`); `<member>.sha256` is accepted too.
 */
function sha256Sidecar(byBase: ReadonlyMap<string, string>, member: string): string | undefined {
  const stem = member.replace(/\.tar\.(gz|bz2)$/, '');
  return byBase.get(`${stem}.sha256`) ?? byBase.get(`${member}.sha256`);
}

/**
 * Finds the members in a tarball listing (`tar tzf` lines; directory prefixes allowed).
 * @throws UserError when a kind matches more than one entry (ambiguous package).
 */
export function findPackageMembers(scheme: PackageScheme, entries: readonly string[]): PackageMembers {
  const byBase = new Map(entries.map((e) => [basename(e), e]));
  const found: PackageMembers = {};
  for (const entry of entries) {
    const kind = kindOf(scheme, basename(entry));
    if (kind === undefined) continue;
    if (found[kind] !== undefined) {
      throw new UserError(`the openGauss package holds two ${kind} tarballs (${found[kind].name}, ${entry}); use a package with one`);
    }
    const sidecar = sha256Sidecar(byBase, basename(entry));
    found[kind] = { name: entry, ...(sidecar === undefined ? {} : { sha256File: sidecar }) };
  }
  return found;
}

/**
 * Reads a `.sha256` file: either the bare hex sum or `sha256sum` lines (`<hex>  <name>`). Empty
 * files (openGauss ships a 0-byte CM `.sha256`) give undefined.
 * @param fileName when the file lists several names, the sum for this one.
 * @throws UserError when the content is not a SHA-256 sum.
 */
export function parseSha256File(text: string, fileName?: string): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return undefined;
  const entries = lines.map((line) => {
    const [hash = '', name] = line.split(/\s+/);
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) {
      throw new UserError(`not a SHA-256 file: '${line.slice(0, 80)}' (expected 64 hex digits, optionally followed by a file name)`);
    }
    return { hash: hash.toLowerCase(), name: name?.replace(/^\*/, '') };
  });
  if (entries.length === 1) return entries[0]!.hash;
  const wanted = fileName === undefined ? undefined : basename(fileName);
  const match = entries.find((e) => e.name !== undefined && basename(e.name) === wanted);
  if (match === undefined) throw new UserError(`the SHA-256 file lists ${entries.length} files and none is '${fileName ?? '(no name given)'}'`);
  return match.hash;
}

/** Where an expected sum can come from. */
export interface Sha256Sources {
  /** `--package-sha256`. */
  flag?: string;
  /** Content of the `.sha256` file beside a given package. */
  sidecar?: string;
  /** afo's table (packages afo downloads itself). */
  known?: string;
}

/**
 * The sum to verify a package against: `--package-sha256`, else the `.sha256` file, else the
 * known table.
 * @throws UserError when no source has one, saying how to provide it.
 */
export function expectedSha256(sources: Sha256Sources, packageLabel: string): string {
  if (sources.flag !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(sources.flag.trim())) throw new UserError(`--package-sha256 '${sources.flag}' is not 64 hex digits`);
    return sources.flag.trim().toLowerCase();
  }
  const sidecar = sources.sidecar === undefined ? undefined : parseSha256File(sources.sidecar, packageLabel);
  const sum = sidecar ?? sources.known;
  if (sum === undefined) {
    throw new UserError(`afo has no known SHA-256 for ${packageLabel}. Give it with --package-sha256 <hex> or put ${packageLabel}.sha256 beside the package.`);
  }
  return sum;
}
