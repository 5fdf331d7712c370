/**
 * Opens report.html in headless Chromium (Debian's `chromium`, installed by test/lab/setup.sh)
 * through playwright-core, the way a person would: from the file, offline. Collects what the page
 * logged as errors and every request it made, reads the topology drawing, and saves a screenshot.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.AFO_CHROMIUM ?? '/usr/bin/chromium';

export interface DrawnNode {
  host: string;
  role: string;
  state: string;
  cm: string | null;
  text: string;
}

export interface OpenedReport {
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** URLs the page requested (the file itself included). */
  requests: string[];
  nodes: DrawnNode[];
  /** Replication arrows drawn (primary → standby, standby → cascade). */
  edges: { kind: string }[];
  phases: string[];
  changeHosts: string[];
  title: string;
}

/** Opens `file` (an absolute path), reads the drawing, and writes a full-page PNG to `screenshot`. */
export async function openReport(file: string, screenshot: string): Promise<OpenedReport> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash test/lab/setup.sh (it installs Debian's chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const nodes = await page.$$eval('svg.topology g.node', (gs) =>
      gs.map((g) => ({
        host: g.getAttribute('data-host') ?? '',
        role: g.getAttribute('data-role') ?? '',
        state: g.getAttribute('data-state') ?? '',
        cm: g.getAttribute('data-cm'),
        text: [...g.querySelectorAll(':scope > text')].map((t) => t.textContent ?? '').join(' | '),
      })),
    );
    const edges = await page.$$eval('svg.topology line.edge', (ls) => ls.map((l) => ({ kind: l.classList.contains('cascade') ? 'cascade' : 'replication' })));
    const phases = await page.$$eval('svg.phases g.phase', (gs) => gs.map((g) => g.getAttribute('data-phase') ?? ''));
    const changeHosts = await page.$$eval('details.host-changes', (ds) => ds.map((d) => d.getAttribute('data-host') ?? ''));
    await page.screenshot({ path: screenshot, fullPage: true });
    return { errors, requests, nodes, edges, phases, changeHosts, title: await page.title() };
  } finally {
    await browser.close();
  }
}
