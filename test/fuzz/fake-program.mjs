// A stand-in for the CLI's program.js in the fuzz harness's own test (test/unit/fuzz/harness.test.ts):
// runCli(argv) misbehaves as its first argument says.
export async function runCli(argv) {
  const what = argv[2];
  if (what === 'spin') for (;;);
  if (what === 'throw') throw new Error('boom');
  if (what === 'reject-later') {
    Promise.reject(new Error('nobody caught me'));
    await new Promise((r) => setTimeout(r, 50));
    return 0;
  }
  if (what === 'trace') {
    process.stderr.write(`afo: ${new Error('oops').stack}\n`);
    return 1;
  }
  if (what === 'refuse') {
    process.stderr.write('afo: error: hosts.ini:3: bad\n');
    return 2;
  }
  if (what === 'silent') return 2;
  process.stdout.write('ok\n');
  return 0;
}
