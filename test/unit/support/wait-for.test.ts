import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait-for.js';

describe('waitFor', () => {
  it('returns the first value the probe gives that is not false/undefined/null', async () => {
    let n = 0;
    expect(await waitFor(() => (++n >= 3 ? `after ${n}` : false), { timeoutMs: 5000, what: 'three probes', intervalMs: 1 })).toBe('after 3');
    expect(await waitFor(() => 0, { timeoutMs: 5000, what: 'zero' })).toBe(0);
  });

  it('past the deadline, fails naming what it waited for and the last probe', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 30, what: 'the port to open', intervalMs: 5 },
      ),
    ).rejects.toThrow(/timed out after 30 ms waiting for the port to open \(last probe: connection refused\)/);
  });
});
