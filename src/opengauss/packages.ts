/**
 * openGauss package resolution (docs/opengauss.md §6): the Enterprise "all" tarball's URL for a
 * version, OS and CPU arch in the 5.x and 6.x layouts, afo's table of known SHA-256 sums,
 * AFO's cache file name, the members inside the tarball, and `.sha256` files.
 */
import { UserError } from '../errors.js';

export type Arch = 'x86_64' | 'aarch64';
export type OsFamily = 'openEuler' | 'CentOS';
/** 5.x: `<ver>/<dir>/openGauss-<ver>-<OS>-64bit-all.tar.gz`; 6.x: `<ver>/<OSdir>/<x86|arm>/openGauss-All-…`. */
export type PackageScheme = '5.x' | '6.x';

/** What the package depends on, as detected on the hosts. */
export interface PackageTarget {
  /** `opengauss_version`, e.g. `5.0.0`, `6.0.0`. */
  version: string;
  /** OS id: `openEuler`, `centos`, `CentOS` (case-insensitive). */
  osId: string;
  /** Distribution version, e.g. `20.03`, `22.03`, `7.9`, `7`. */
  osVersion: string;
  /** `uname -m`: `x86_64` or `aarch64`. */
  arch: string;
}

export interface ResolvedPackage {
  version: string;
  scheme: PackageScheme;
  family: OsFamily;
  /** `20.03`, `22.03` or `7`. */
  osMajor: string;
  arch: Arch;
  url: string;
  /** The upstream file name. */
  fileName: string;
  /** AFO's cache name, e.g. `openGauss_5.0.0_CentOS_7.9_x86_64.tar.gz`; pre-placing it allows offline installs. */
  cacheFileName: string;
  /** Known SHA-256 of the tarball, or undefined: then the caller must require `--package-sha256` or a `.sha256` file. */
  sha256?: string;
}

const SUPPORTED_TEXT = 'openEuler 20.03 and 22.03 (x86_64, aarch64), CentOS 7 (x86_64); openGauss 5.0.x, 5.1.0, 6.0.x, 7.0.0-RCn';

/** Known sums of the `-all` tarballs, exactly as listed in docs/opengauss.md §6.1/§6.2. Key: `version|OS major|arch`. */
const KNOWN_SHA256: Readonly<Record<string, string>> = {
  '5.0.0|openEuler 22.03|x86_64': 'eba32db3b0fb70020b7d7da754d898994fbf5f3e8f5f94c35e2fb29898cdc1f4',
  '5.0.0|openEuler 22.03|aarch64': '589062c8de67ec8b7b00fb58d33331eedb19702ea47c2a55e1bcde06676a5a81',
  '5.0.0|openEuler 20.03|x86_64': 'f2d3df77abd8f5a0658d3002cfe53e13c7375203ce3a8f4cfeb727be07e32b1c',
  '5.0.0|openEuler 20.03|aarch64': '6082b990953b6cfbb2abddb207f803f9fd35db3744bdb45c292418f8fba4979d',
  '5.0.0|CentOS 7|x86_64': 'aa9fc724c5030f4cc79dad201675183029c8f36a07667028e681169a2f6482f5',
  '6.0.0|openEuler 22.03|aarch64': 'a074a81274f457e4343a88640d2fef4d21330eab1e0518b73f0bfaf609b4da01',
  '6.0.0|openEuler 22.03|x86_64': '96a89b1bbaffdac4829a4290f773e1eae0b73c4942de94016cc70f4ec24faa73',
  '6.0.0|openEuler 20.03|aarch64': '7aaf86b9ca3c35a49893a9aa5ab02383039da78c9b0d90bc2e3bd0dbbf7d0384',
  '6.0.0|openEuler 20.03|x86_64': 'f680e742d6ae9354f010e8b5764c044dbc04a4324ce167331a47443229dbea28',
  '6.0.0|CentOS 7|x86_64': '2dad94f35807c0d6945bf84f638693148a2de05b4fe51b420f04fd5d94015977',
};

/** The known SHA-256 of an `-all` tarball, or undefined when afo has no sum for it. */
export function knownSha256(version: string, family: OsFamily, osMajor: string, arch: Arch): string | undefined {
  return KNOWN_SHA256[`${version}|${family} ${osMajor}|${arch}`];
}

/** True for a version in the package table (docs/opengauss.md §6): opengauss_version is checked against it before any connection. */
export function isSupportedVersion(version: string): boolean {
  return schemeOf(version) !== undefined;
}

function schemeOf(version: string): PackageScheme | undefined {
  if (/^5\.0\.[0-9]+$/.test(version) || version === '5.1.0') return '5.x';
  if (/^6\.0\.[0-9]+$/.test(version) || /^7\.0\.0-RC[0-9]+$/.test(version)) return '6.x';
  return undefined;
}

function unsupported(what: string): UserError {
  return new UserError(`no openGauss package for ${what}. Supported: ${SUPPORTED_TEXT}. Set opengauss_version or use --package PATH|URL.`);
}

function familyOf(osId: string): OsFamily | undefined {
  const id = osId.trim().toLowerCase();
  if (id === 'openeuler') return 'openEuler';
  if (id === 'centos') return 'CentOS';
  return undefined;
}

/** `20.03` / `22.03` for openEuler, `7` for CentOS; undefined when unsupported. */
function majorOf(family: OsFamily, osVersion: string): string | undefined {
  if (family === 'openEuler') {
    const m = /^(20\.03|22\.03)(\b|[^0-9])/.exec(osVersion.trim());
    return m?.[1];
  }
  return /^7(\.|$)/.test(osVersion.trim()) ? '7' : undefined;
}

/** 5.x directory per OS and arch (§6.1). */
function dir5(family: OsFamily, major: string, arch: Arch): string | undefined {
  if (family === 'CentOS') return arch === 'x86_64' ? 'x86' : undefined;
  if (major === '20.03') return arch === 'x86_64' ? 'x86_openEuler' : 'arm';
  return arch === 'x86_64' ? 'x86_openEuler_2203' : 'arm_2203';
}

/** The distribution version as AFO's cache name has it: the first two numeric parts (`7.9.2009` → `7.9`). */
function cacheOsVersion(osVersion: string): string {
  return /^[0-9]+(\.[0-9]+)?/.exec(osVersion.trim())?.[0] ?? osVersion.trim();
}

/**
 * Resolves the package for a version, OS and arch on the download server `baseUrl` (the
 * role's `opengauss_download_server`).
 * @throws UserError naming what is supported when the combination is not.
 */
export function resolvePackage(target: PackageTarget, baseUrl: string): ResolvedPackage {
  const scheme = schemeOf(target.version);
  if (scheme === undefined) throw unsupported(`version '${target.version}'`);
  const family = familyOf(target.osId);
  if (family === undefined) throw unsupported(`OS '${target.osId} ${target.osVersion}'`);
  const osMajor = majorOf(family, target.osVersion);
  if (osMajor === undefined) throw unsupported(`${family} ${target.osVersion}`);
  const arch = target.arch === 'x86_64' || target.arch === 'aarch64' ? target.arch : undefined;
  if (arch === undefined) throw unsupported(`CPU architecture '${target.arch}'`);
  const v = target.version;
  let path: string;
  let fileName: string;
  if (scheme === '5.x') {
    const dir = dir5(family, osMajor, arch);
    if (dir === undefined) throw unsupported(`${family} ${osMajor} on ${arch}`);
    fileName = `openGauss-${v}-${family}-64bit-all.tar.gz`;
    path = `${v}/${dir}/${fileName}`;
  } else {
    if (family === 'CentOS' && arch !== 'x86_64') throw unsupported(`${family} ${osMajor} on ${arch}`);
    const osDir = family === 'CentOS' ? 'CentOS7' : `openEuler${osMajor}`;
    fileName = `openGauss-All-${v}-${osDir}-${arch}.tar.gz`;
    path = `${v}/${osDir}/${arch === 'x86_64' ? 'x86' : 'arm'}/${fileName}`;
  }
  const sha256 = knownSha256(v, family, osMajor, arch);
  return {
    version: v,
    scheme,
    family,
    osMajor,
    arch,
    url: `${baseUrl.replace(/\/+$/, '')}/${path}`,
    fileName,
    cacheFileName: `openGauss_${v}_${family}_${cacheOsVersion(target.osVersion)}_${arch}.tar.gz`,
    ...(sha256 === undefined ? {} : { sha256 }),
  };
}
