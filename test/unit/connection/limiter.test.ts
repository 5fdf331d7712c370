import { describe, expect, it } from 'vitest';
import { ChannelLimiter } from '../../../src/connection/limiter.js';

describe('ChannelLimiter', () => {
  it('never lets more than the limit hold a slot, and serves waiters in order', async () => {
    const l = new ChannelLimiter(2);
    const order: number[] = [];
    let maxOpen = 0;
    await Promise.all(
      Array.from({ length: 7 }, async (_, i) => {
        const release = await l.acquire();
        maxOpen = Math.max(maxOpen, l.open);
        order.push(i);
        await new Promise((r) => setTimeout(r, 5)); // holds the slot a moment, as a channel would: not a wait for anything
        release();
        release(); // a second release is a no-op
      }),
    );
    expect(maxOpen).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(l.open).toBe(0);
  });

  it('lowers the limit for later acquirers', async () => {
    const l = new ChannelLimiter(3);
    const a = await l.acquire();
    const b = await l.acquire();
    l.lowerTo(1);
    let got = false;
    const c = l.acquire().then((r) => ((got = true), r));
    a();
    // every promise callback a release could trigger has run by the next macrotask
    await new Promise((r) => setImmediate(r));
    expect(got).toBe(false); // still one open (b) = the new limit
    b();
    (await c)();
    expect(got).toBe(true);
  });
});
