/**
 * A batch's output as it arrives, per change, for the progress display (docs/architecture.md
 * §3.3, batched changes): a command in a batch (a long OM tool) still shows its elapsed time and
 * last output line while it runs. The marker lines (apply-script.ts) tell which change runs; a
 * change's stderr, printed after its marker, and the fact refresh after the last one are not shown.
 */
export interface ChangeWatch {
  start(index: number): void;
  output(index: number, text: Buffer): void;
  end(index: number): void;
}

export function batchOutput(mark: string, count: number, watch: ChangeWatch): { chunk(data: Buffer): void; close(): void } {
  let current = 0;
  let inStderr = false;
  let pending = '';
  if (count > 0) watch.start(0);
  return {
    chunk(data) {
      if (current >= count) return;
      const lines = (pending + data.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      const out: string[] = [];
      const flush = () => {
        if (out.length > 0) watch.output(current, Buffer.from(`${out.join('\n')}\n`));
        out.length = 0;
      };
      for (const line of lines) {
        if (current >= count) break;
        if (line.startsWith(`${mark}:${current}:`)) {
          flush();
          watch.end(current);
          inStderr = true;
        } else if (line === `${mark}e:${current}`) {
          inStderr = false;
          if (++current < count) watch.start(current);
        } else if (!inStderr) out.push(line);
      }
      if (current < count) flush();
    },
    /** The script ended (a change may have failed before its marker). */
    close() {
      if (current < count && !inStderr) watch.end(current);
      current = count;
    },
  };
}
