import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../src/errors.js';
import { renderTemplate } from '../../../../src/tasks/lib/handlebars.js';

describe('renderTemplate', () => {
  it('renders without HTML escaping', () => {
    expect(renderTemplate('<a href="{{u}}">{{n}}</a>\n', { u: 'x&y', n: "<b>'" }, { file: 't.hbs' })).toBe(`<a href="x&y"><b>'</a>\n`);
  });
  it('takes extra helpers per call, beside the shared ones', () => {
    const up = (v: unknown) => String(v).toUpperCase();
    expect(renderTemplate('{{up a}} {{join b "+"}}', { a: 'x', b: [1, 2] }, { file: 't', helpers: { up } })).toBe('X 1+2');
    expect(() => renderTemplate('{{up a}}', { a: 'x' }, { file: 't' })).toThrow('t:1: variable "up" is not defined'); // per call, never global
  });
  it('has eq/ne/join/json helpers', () => {
    const t = '{{#if (eq role "primary")}}P{{else}}S{{/if}} {{join ips ","}} {{json m}}';
    expect(renderTemplate(t, { role: 'primary', ips: ['a', 'b'], m: { k: 1 } }, { file: 't' })).toBe('P a,b {"k":1}');
  });
  it('names file:line and the dotted variable when one is missing', () => {
    const t = 'line1\nport={{net.port}}\n';
    expect(() => renderTemplate(t, { net: {} }, { file: 'templates/x.conf.hbs' })).toThrow('templates/x.conf.hbs:2: variable "net.port" is not defined');
    try {
      renderTemplate('{{#if a}}\n\n  {{b}}\n{{/if}}', { a: true }, { file: 'f.hbs' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).toMatch(/^f\.hbs:3: variable "b" is not defined/);
    }
  });
  it('lets {{#if}} test an optional variable (only a printed one must exist)', () => {
    expect(renderTemplate('{{#if cm}}cm={{cm}}{{/if}}.', {}, { file: 't' })).toBe('.');
    expect(renderTemplate('{{#if cm}}cm={{cm}}{{/if}}.', { cm: 'on' }, { file: 't' })).toBe('cm=on.');
  });
  it('reports syntax errors with the line', () => {
    expect(() => renderTemplate('ok\n{{#if}}', {}, { file: 'bad.hbs' })).toThrow(/^bad\.hbs:2: template syntax error/);
  });
  it('keeps registrations local to each call', () => {
    expect(() => renderTemplate('{{eq 1 1}}', {}, { file: 'a' })).not.toThrow();
  });
});
