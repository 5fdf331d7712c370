/**
 * The package, on the control machine, verified before any host is touched (docs/opengauss.md §6):
 * `--package PATH|URL`, else a package directory beside the inventory (`packages/`, offline
 * sites), else the official download for the detected OS/arch, fetched once into a cache. The
 * sum comes from `--package-sha256`, a `.sha256` / `SHA256SUMS` file beside the package, or
 * afo's table for official downloads. A mismatch is an error.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execFileSync } from 'node:child_process';
import { UserError } from '../../errors.js';
import type { EventSink } from '../../engine/events.js';
import { byteProgress } from '../../engine/progress.js';
import { expectedSha256, findPackageMembers, type PackageMembers } from '../package-members.js';
import type { PackageScheme, ResolvedPackage } from '../packages.js';

export interface LocalPackage {
  path: string;
  fileName: string;
  sha256: string;
  /** Where it came from, for the report. */
  source: string;
  members: PackageMembers;
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

async function sidecarText(path: string): Promise<string | undefined> {
  for (const p of [`${path}.sha256`, join(dirname(path), 'SHA256SUMS')]) {
    if (existsSync(p)) return readFile(p, 'utf8');
  }
  return undefined;
}

async function download(url: string, dest: string, progress: EventSink | undefined): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new UserError(`cannot download ${url}: ${(e as Error).message}. Download it yourself and pass --package PATH.`);
  }
  if (!res.ok || !res.body) throw new UserError(`cannot download ${url}: HTTP ${res.status}. Pass --package PATH for an offline install.`);
  const tmp = `${dest}.${process.pid}.part`;
  const length = Number(res.headers.get('content-length') ?? Number.NaN);
  const bytes = byteProgress((e) => progress?.(e), { host: 'localhost', kind: 'download', what: url }, Number.isFinite(length) ? length : undefined);
  let got = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      got += chunk.length;
      bytes.update(got);
      cb(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body as never), count, createWriteStream(tmp));
  bytes.end();
  await rename(tmp, dest);
}

function schemeOfName(name: string): PackageScheme {
  return name.startsWith('openGauss-All-') ? '6.x' : '5.x';
}

/** The members the role needs (the OM tarball), read from the tarball's listing. */
function membersOf(path: string, scheme: PackageScheme): PackageMembers {
  let listing: string;
  try {
    listing = execFileSync('tar', ['-tzf', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    throw new UserError(`${path} is not a readable .tar.gz: ${(e as Error).message.split('\n')[0]}`);
  }
  const members = findPackageMembers(scheme, listing.split('\n').filter(Boolean));
  if (!members.om) throw new UserError(`${path} has no OM tarball (expected a -om.tar.gz / openGauss-OM- member): is it the "all" package?`);
  return members;
}

async function verified(path: string, expected: string, source: string, scheme: PackageScheme): Promise<LocalPackage> {
  const actual = await sha256File(path);
  if (actual !== expected) {
    throw new UserError(
      `SHA-256 mismatch for ${path}:\n  expected ${expected}\n  actual   ${actual}\nThe file is corrupt or not the package you meant; nothing was changed on any host.`,
    );
  }
  return { path, fileName: basename(path), sha256: actual, source, members: membersOf(path, scheme) };
}

export interface PackageOptions {
  /** `--package PATH|URL`. */
  package?: string;
  /** `--package-sha256`. */
  sha256?: string;
  /** Control-machine cache for downloads. */
  cacheDir: string;
  /** Directory searched for pre-placed packages (offline installs). */
  packageDir: string;
  /** Where the download's progress events go. */
  progress?: EventSink;
}

/** A package given on the command line (path or URL); verified now, before any connection. */
export async function givenPackage(opts: PackageOptions & { package: string }): Promise<LocalPackage> {
  const spec = opts.package;
  if (/^https?:\/\//.test(spec)) {
    const dest = join(opts.cacheDir, basename(new URL(spec).pathname));
    if (!existsSync(dest)) await download(spec, dest, opts.progress);
    const sum = expectedSha256(
      { ...(opts.sha256 ? { flag: opts.sha256 } : {}), ...((await sidecarText(dest)) ? { sidecar: (await sidecarText(dest))! } : {}) },
      basename(dest),
    );
    return verified(dest, sum, spec, schemeOfName(basename(dest)));
  }
  const path = resolve(spec);
  if (!existsSync(path)) throw new UserError(`--package ${spec}: no such file`);
  const side = await sidecarText(path);
  const sum = expectedSha256({ ...(opts.sha256 ? { flag: opts.sha256 } : {}), ...(side ? { sidecar: side } : {}) }, basename(path));
  return verified(path, sum, path, schemeOfName(basename(path)));
}

/** The package for a resolved (version, OS, arch): a pre-placed file, else the official download. */
export async function resolvedPackage(opts: PackageOptions, pkg: ResolvedPackage): Promise<LocalPackage> {
  for (const name of [pkg.cacheFileName, pkg.fileName]) {
    const p = join(opts.packageDir, name);
    if (!existsSync(p)) continue;
    const side = await sidecarText(p);
    const sum = expectedSha256(
      { ...(opts.sha256 ? { flag: opts.sha256 } : {}), ...(side ? { sidecar: side } : {}), ...(pkg.sha256 ? { known: pkg.sha256 } : {}) },
      name,
    );
    return verified(p, sum, p, pkg.scheme);
  }
  const dest = join(opts.cacheDir, pkg.cacheFileName);
  const sum = expectedSha256({ ...(opts.sha256 ? { flag: opts.sha256 } : {}), ...(pkg.sha256 ? { known: pkg.sha256 } : {}) }, pkg.fileName);
  if (!existsSync(dest)) await download(pkg.url, dest, opts.progress);
  return verified(dest, sum, pkg.url, pkg.scheme);
}
