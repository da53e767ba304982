import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { XMLValidator } from 'fast-xml-parser';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { renderSuccess } from '../../harness/protocol/render.js';
import { anchorOf, type Report } from '../../reports/report.js';
import { CLAUSES } from '../../specs/index.js';
import { cli, tmp } from '../reports/support.js';

/**
 * The reports of a real moto run, looked at as a maintainer would: report.html in Debian's
 * headless chromium, and the baseline flow end to end. Nothing here is skipped: without
 * chromium or moto_server the suite fails and says what to install (.ci/run installs both).
 */
// The few page-side globals the evaluate callbacks use; the project compiles without the DOM lib.
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };
declare function getComputedStyle(el: unknown): { backgroundColor: string };

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startMoto(): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const spawnError = new Promise<never>((_, reject) => proc.once('error', (e) => reject(new Error(`cannot start moto_server (${e.message}): install moto[server] (scripts/install-emulators.sh moto)`))));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await Promise.race([spawnError, fetch(`${url}/moto-api/`).then(() => true, () => false)]);
    if (up) return { url, proc };
    if (proc.exitCode !== null) throw new Error(`moto_server exited with ${proc.exitCode}: ${stderr.slice(-500)}`);
    if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${url} within 60 s: ${stderr.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A proxy in front of moto that plants one divergence moto does not have: ListMFADevices for
 * an unknown user answers an empty list instead of 404 NoSuchEntity (L1).
 */
async function plantingProxy(target: string): Promise<{ url: string; server: Server; planted: () => number }> {
  let planted = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = new URLSearchParams(body.toString('latin1')).get('Action') ?? new URL(req.url ?? '/', target).searchParams.get('Action');
      const up = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
        const out: Buffer[] = [];
        answer.on('data', (c: Buffer) => out.push(c));
        answer.on('end', () => {
          if (action === 'ListMFADevices' && answer.statusCode === 404) {
            planted++;
            res.writeHead(200, { 'content-type': 'text/xml' });
            res.end(renderSuccess('ListMFADevices', { mfaDevices: [], isTruncated: false }, 'planted'));
            return;
          }
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          res.end(Buffer.concat(out));
        });
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, planted: () => planted };
}

let moto: { url: string; proc: ChildProcess } | undefined;
const dir = tmp('imc-browser-');
const report = () => JSON.parse(readFileSync(join(dir, 'full', 'report.json'), 'utf8')) as Report;
let fullRun: { code: number };
// A failed setup fails every test with its message; thrown from beforeAll, vitest would show
// the tests as skipped.
let setupError: unknown;
const ready = () => {
  if (setupError !== undefined) throw setupError;
};

beforeAll(async () => {
  try {
    moto = await startMoto();
    fullRun = await cli('run', '--endpoint-url', moto.url, '--seed', '1', '--num-runs', '2', '--report-dir', join(dir, 'full'));
  } catch (e) {
    setupError = e;
  }
}, 120_000);

afterAll(async () => {
  const proc = moto?.proc;
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
});

describe('the reports of a moto run', () => {
  it('the run fails on its divergences and writes all four files', () => {
    ready();
    expect(fullRun.code).toBe(EXIT.divergences);
    for (const f of ['report.json', 'junit.xml', 'report.html', 'report.md']) expect(existsSync(join(dir, 'full', f)), f).toBe(true);
    expect(report().divergences.length).toBeGreaterThan(3);
  });

  it('report.json validates against its schema; junit.xml is well-formed', () => {
    ready();
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../reports/report.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(report()), JSON.stringify(validate.errors)).toBe(true);
    expect(XMLValidator.validate(readFileSync(join(dir, 'full', 'junit.xml'), 'utf8'))).toBe(true);
  });
});

describe('report.html in headless chromium', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the verdict, the clause matrix, every divergence and the measurements, with no console error and no fetch', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium); this test is never skipped`).toBe(true);
    ready();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    const r = report();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (q) => requests.push(q.url()));
    const file = pathToFileURL(join(dir, 'full', 'report.html')).href;
    const response = await page.goto(file, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);

    expect(await page.title()).toBe(`IAM MFA conformance: ${r.target.endpoint}`);
    expect(await page.locator('#verdict').innerText()).toMatch(/^FAIL: \d+ failing divergence\(s\)$/);
    expect(await page.locator('table.matrix tbody tr').count()).toBe(CLAUSES.length);

    const articles = page.locator('article.divergence');
    expect(await articles.count()).toBe(r.divergences.length);
    for (const [i, d] of r.divergences.entries()) {
      const a = articles.nth(i);
      expect(await a.getAttribute('id')).toBe(anchorOf(d.id));
      expect(await a.getAttribute('data-signature')).toBe(d.signature);
      expect(await a.locator('h3').innerText()).toContain(`${d.id} ${d.level} ${d.clause}`);
      expect(await a.locator('table.steps tbody tr').count()).toBe(d.steps.length);
      expect(await a.isVisible()).toBe(true);
    }
    // A divergence reached from the clause matrix is scrolled into view.
    const first = r.divergences[0]!;
    await page.locator(`table.matrix a[href="#${anchorOf(first.id)}"]`).first().click();
    expect(await page.locator(`#${anchorOf(first.id)}`).isVisible()).toBe(true);
    expect(page.url()).toBe(`${file}#${anchorOf(first.id)}`);

    expect(await page.locator('#measurements table tbody tr').count()).toBe(r.measurements.length);
    expect(await page.locator('#metadata dt:text-is("Seed") + dd').innerText()).toBe(String(r.seed));
    expect(await page.locator('#metadata dt:text-is("Target") + dd').innerText()).toBe(`${r.target.endpoint} (url)`);

    // The inline stylesheet applied (the CSP allows it): the verdict is on its red background.
    expect(await page.locator('#verdict').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 235, 233)');
    // Long counterexamples scroll inside their blocks; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await page.screenshot({ path: join(dir, 'report.png'), fullPage: false });
    expect(problems).toEqual([]);
    expect(requests).toEqual([file]);
    await page.close();
  });
});

describe('baseline flow against moto', () => {
  // Properties that reach moto's E7 divergence and the planted L1 one, to keep four runs short.
  const include = 'enable.wrong-codes,enable.unknown-user,users.unknown';
  const baseline = join(dir, 'baseline.json');
  const run = (url: string, tag: string, ...extra: string[]) => cli('run', '--endpoint-url', url, '--seed', '1', '--num-runs', '2', '--include', include, '--report-dir', join(dir, tag), ...extra);
  const read = (tag: string) => JSON.parse(readFileSync(join(dir, tag, 'report.json'), 'utf8')) as Report;

  it('first run fails, with the baseline it passes, a planted new divergence fails again', async () => {
    ready();
    const first = await run(moto!.url, 'b1');
    expect(first.code).toBe(EXIT.divergences);
    const found = read('b1').divergences.map((d) => d.signature);
    expect(found).toContain('EnableMFADevice|E7|403 InvalidAuthenticationCode|200 OK');

    expect((await run(moto!.url, 'b2', '--baseline', baseline, '--update-baseline')).code).toBe(EXIT.ok);
    const withBaseline = await run(moto!.url, 'b3', '--baseline', baseline);
    expect(withBaseline.code).toBe(EXIT.ok);
    // A consequence is judged with the divergence it follows: it has no baseline mark of its own.
    expect(read('b3').divergences.filter((d) => !d.consequenceOf).every((d) => d.baseline === 'known')).toBe(true);
    expect(read('b3').divergences.filter((d) => d.consequenceOf).every((d) => d.baseline === undefined)).toBe(true);
    expect(read('b3').divergences.map((d) => d.signature).sort()).toEqual([...found].sort());

    const proxy = await plantingProxy(moto!.url);
    try {
      const planted = await run(proxy.url, 'b4', '--baseline', baseline);
      expect(proxy.planted()).toBeGreaterThan(0);
      expect(planted.code).toBe(EXIT.divergences);
      expect(read('b4').divergences.filter((d) => d.baseline === 'new').map((d) => d.signature)).toEqual(['ListMFADevices|L1|404 NoSuchEntity|200 OK']);
      expect(planted.out.join('\n')).toMatch(/L1 ListMFADevices: expected 404 NoSuchEntity, observed 200 OK \(NEW, not in baseline\)/);
    } finally {
      await new Promise<void>((r) => {
        proxy.server.closeAllConnections();
        proxy.server.close(() => r());
      });
    }
    const cmp = await cli('compare', join(dir, 'b3', 'report.json'), join(dir, 'b4', 'report.json'));
    expect(cmp.code).toBe(EXIT.divergences);
    expect(cmp.out.join('\n')).toMatch(/New in B \(1\):\n.*ListMFADevices\|L1\|404 NoSuchEntity\|200 OK/);
  });
});
