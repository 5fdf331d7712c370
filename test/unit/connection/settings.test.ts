import { describe, expect, it } from 'vitest';
import { parseSshCommonArgs } from '../../../src/connection/settings.js';

describe('parseSshCommonArgs', () => {
  it('reads the options afo honours in their usual spellings', () => {
    expect(parseSshCommonArgs('-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=/tmp/kh -o ConnectTimeout=7')).toEqual({
      strictHostKeyChecking: 'accept-new',
      knownHostsFile: '/tmp/kh',
      connectTimeoutMs: 7000,
    });
    expect(parseSshCommonArgs("-oStrictHostKeyChecking=no '-o' 'UserKnownHostsFile /a b'")).toEqual({
      strictHostKeyChecking: 'no',
      knownHostsFile: '/a',
    });
    expect(parseSshCommonArgs('-o "stricthostkeychecking yes" -C -o ProxyCommand="ssh -W %h:%p jump"')).toEqual({ strictHostKeyChecking: 'yes' });
  });

  it('ignores values it does not understand', () => {
    expect(parseSshCommonArgs('-o StrictHostKeyChecking=maybe -o ConnectTimeout=x')).toEqual({});
    expect(parseSshCommonArgs('')).toEqual({});
  });
});
