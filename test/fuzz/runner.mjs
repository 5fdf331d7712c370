// Runs afo fuzz cases in this one process (the built CLI's runCli, dist/src/cli/program.js), so
// several hundred cases do not pay Node's start-up each. Reads one JSON case per stdin line
// ({n, dir, argv}); before each case it writes {"start": n} to fd 3, after it the result
// {n, code, stdout, stderr, crash}. The driver (test/fuzz/drive.ts) kills it when a case hangs.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

const { runCli } = await import(process.argv[2]);
const out = (o) => writeSync(3, `${JSON.stringify(o)}\n`);
let current;
const capture = { stdout: '', stderr: '' };
const realWrite = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
for (const s of ['stdout', 'stderr']) {
  process[s].write = (chunk, ...rest) => {
    if (capture[s].length < 200_000) capture[s] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    const cb = rest.find((x) => typeof x === 'function');
    if (cb) cb();
    return true;
  };
}
// an exception or rejection nobody handled would end the real afo with a stack trace
const crash = (err) => {
  if (current) current.crash = String(err?.stack ?? err);
  else realWrite.stderr(`fuzz runner: between cases: ${err?.stack ?? err}\n`);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

for await (const line of createInterface({ input: process.stdin })) {
  if (!line) continue;
  const c = JSON.parse(line);
  current = { n: c.n };
  capture.stdout = '';
  capture.stderr = '';
  out({ start: c.n });
  process.chdir(c.dir);
  let code;
  try {
    code = await runCli(['node', 'afo', ...c.argv]);
  } catch (err) {
    current.crash = `runCli threw: ${err?.stack ?? err}`;
    code = 70;
  }
  out({ ...current, code, stdout: capture.stdout, stderr: capture.stderr });
  current = undefined;
}
