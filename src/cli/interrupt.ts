/**
 * Ctrl-C during a changing run (docs/architecture.md §7.2): the first SIGINT aborts the signal the
 * run watches (no new task starts, the running remote commands are killed, the report says where
 * it stopped, exit 130); a second one ends afo at once, with the default SIGINT action.
 */
export function interruptSignal(write: (text: string) => void = (t) => process.stderr.write(t)): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (!controller.signal.aborted) {
      write('\ninterrupted: no new task starts; stopping the running commands on the hosts (Ctrl-C again to quit at once)\n');
      controller.abort();
      return;
    }
    process.removeListener('SIGINT', onSigint);
    process.kill(process.pid, 'SIGINT');
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onSigint) };
}
