import { describe, expect, it } from 'vitest';
import { assertModule } from '../../../src/tasks/modules/assert.js';
import { debugModule } from '../../../src/tasks/modules/debug.js';
import { argError, ctx, plan } from '../helpers/fake-facts.js';

const vars = { og_version: '5.0.0', nodes: ['a', 'b'], os: { family: 'RedHat' } };
const c = () => ctx({ vars });

describe('assert', () => {
  it('passes when every expression holds', async () => {
    const r = await plan(assertModule, { that: ['nodes | length == 2', "os.family == 'RedHat'"], success_msg: 'ok' }, {}, c());
    expect(r).toEqual({ changes: [], result: { msg: 'ok', changed: false }, messages: ['ok'] });
    expect(assertModule.local).toBe(true);
  });
  it('fails with fail_msg (or msg) on the first false one', async () => {
    const r = await plan(assertModule, { that: ['nodes | length > 0', "og_version is version('6.0.0', '>=')"], msg: 'need 6.x' }, {}, c());
    expect(r.fail).toBe('need 6.x');
    expect(r.result).toMatchObject({ assertion: "og_version is version('6.0.0', '>=')", evaluated_to: false });
    expect((await plan(assertModule, { that: 'nodes | length > 5' }, {}, c())).fail).toBe('Assertion failed: nodes | length > 5');
  });
  it('an expression error fails the host and names the expression', async () => {
    const r = await plan(assertModule, { that: 'missing_var == 1' }, {}, c());
    expect(r.fail).toMatch(/missing_var/);
  });
  it('argument errors', () => {
    expect(argError(assertModule, {})).toMatch(/that/);
    expect(argError(assertModule, { that: [] })).toMatch(/that/);
    expect(argError(assertModule, { that: 'x', msg: 'a', fail_msg: 'b' })).toMatch(/not both/);
  });
});

describe('debug', () => {
  it('msg', async () => {
    expect(await plan(debugModule, { msg: 'hi' }, {}, c())).toEqual({ changes: [], result: { msg: 'hi' }, messages: ['hi'] });
    expect((await plan(debugModule, {}, {}, c())).messages).toEqual(['Hello world!']);
  });
  it('var evaluates an expression; an undefined one is shown, not fatal', async () => {
    const r = await plan(debugModule, { var: 'nodes | join(",")' }, {}, c());
    expect(r.result).toEqual({ 'nodes | join(",")': 'a,b' });
    expect(r.messages).toEqual(['nodes | join(","): a,b']);
    const u = await plan(debugModule, { var: 'nope' }, {}, c());
    expect(u.messages?.[0]).toMatch(/^nope: VARIABLE IS NOT DEFINED!/);
    expect(u.fail).toBeUndefined();
  });
  it('argument errors', () => {
    expect(argError(debugModule, { msg: 'a', var: 'b' })).toMatch(/not both/);
    expect(argError(debugModule, { verbosity: -1 })).toMatch(/verbosity/);
  });
});
