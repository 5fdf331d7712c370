/**
 * report.html from a recorded 1P+1S+1C-with-CM deployment report (fixtures/report-1p1s1c-cm.json):
 * the text is escaped and redacted, and in headless Chromium the page draws one box per node with
 * its role, state and CM server, asks nothing from the network and logs no error. The screenshot
 * is saved beside the rendered report.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeployReport } from '../../../../src/opengauss/deploy/report.js';
import { reportHtml } from '../../../../src/opengauss/deploy/report-html.js';
import { writeReport } from '../../../../src/opengauss/deploy/report.js';
import { redact } from '../../../../src/text/redact.js';
import { openReport } from '../../../support/browser.js';
import { tempDir } from '../../../support/temp.js';

const recorded = (): DeployReport => JSON.parse(readFileSync(new URL('./fixtures/report-1p1s1c-cm.json', import.meta.url), 'utf8')) as DeployReport;
const SECRET = 'Gauss@123&<x>';
const hide = (s: string) => redact(s, [SECRET]);

describe('report.html', () => {
  it('escapes every text and redacts secrets before escaping them', () => {
    const r = recorded();
    r.changes['10.213.0.11']!.push(`<script>alert(1)</script> set password ${SECRET}`);
    r.message = `done "quoted" & <b>bold</b>`;
    const html = reportHtml(r, hide);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; set password ********');
    expect(html).toContain('done &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('Gauss@123');
    expect(html).not.toContain('Gauss@123&amp;');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('writeReport writes report.html beside report.md and report.json', () => {
    const dir = tempDir('afo-report-');
    const paths = writeReport(dir, recorded(), hide);
    expect(paths.html).toBe(join(dir, 'report.html'));
    expect(readFileSync(paths.html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('in headless Chromium: one box per node with its role, state and CM server; no request, no error; screenshot saved', async () => {
    const dir = tempDir('afo-report-html-');
    const file = join(dir, 'report.html');
    writeFileSync(file, reportHtml(recorded(), hide));
    const png = join(dir, 'report.png');
    const page = await openReport(file, png);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([`file://${file}`]);
    expect(page.title).toBe('openGauss deployment: openGauss');
    expect(page.nodes.map(({ host, role, state, cm }) => ({ host, role, state, cm }))).toEqual([
      { host: '10.213.0.11', role: 'primary', state: 'Normal', cm: 'Primary' },
      { host: '10.213.0.12', role: 'standby', state: 'Normal', cm: 'Standby' },
      { host: '10.213.0.13', role: 'cascade', state: 'Normal', cm: 'Standby' },
    ]);
    expect(page.nodes[0]!.text).toBe('10.213.0.11 | og181731339 | primary | Primary: Normal');
    expect(page.nodes[2]!.text).toBe('10.213.0.13 | og181731341 | cascade standby | Cascade Standby: Normal');
    expect(page.edges).toEqual([{ kind: 'replication' }, { kind: 'cascade' }]);
    expect(page.phases).toEqual(['preflight', 'os', 'install', 'verify']);
    expect(page.changeHosts).toEqual(['10.213.0.11', '10.213.0.12', '10.213.0.13']);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(10_000);
  });

  it('a node the status does not list is drawn as such (no status), and without CM there is no badge', async () => {
    const r = recorded();
    r.cluster.cm = false;
    r.status = { ...r.status!, datanodes: r.status!.datanodes.slice(0, 2) };
    delete r.status.cmServers;
    const dir = tempDir('afo-report-html-');
    const file = join(dir, 'report.html');
    writeFileSync(file, reportHtml(r, hide));
    const page = await openReport(file, join(dir, 'report.png'));
    expect(page.errors).toEqual([]);
    expect(page.nodes.map((n) => [n.role, n.state, n.cm])).toEqual([
      ['primary', 'Normal', null],
      ['standby', 'Normal', null],
      ['cascade', 'no status', null],
    ]);
  });
});
