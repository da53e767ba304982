import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyBaseline } from '../../reports/baseline.js';
import { consoleReporter } from '../../reports/console.js';
import type { Report } from '../../reports/report.js';
import { CLAUSES } from '../../specs/index.js';
import { syntheticReport } from './support.js';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function render(report: Report, options: { tty?: boolean; debug?: boolean; quiet?: boolean; debugLines?: string[] } = {}) {
  const lines: string[] = [];
  const r = consoleReporter({ write: (l) => lines.push(l), ...(options.debugLines ? { writeDebug: (l: string) => options.debugLines!.push(l) } : {}), tty: options.tty ?? false, debug: options.debug ?? false, strict: false, quiet: options.quiet ?? false });
  r.onEvent?.({ type: 'run-started', endpoint: report.target.endpoint, selfCheck: report.target.selfCheck, seed: report.seed });
  r.onEvent?.({ type: 'property-started', property: 'enable.success', clauses: ['E1', 'E7'] });
  r.onEvent?.({
    type: 'request',
    action: 'CreateVirtualMFADevice',
    via: 'sdk',
    status: 200,
    ms: 3,
    wire: 'VirtualMFADeviceName=imcabcde0000a-d',
    response: `<CreateVirtualMFADeviceResponse><VirtualMFADevice><Base32StringSeed>${Buffer.from(SEED).toString('base64')}</Base32StringSeed></VirtualMFADevice></CreateVirtualMFADeviceResponse>`,
  });
  r.onEvent?.({ type: 'warning', message: `endpoint said \u001b[2J then ${SEED}` });
  await r.finish?.(report, '/nonexistent');
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('console reporter', () => {
  it('prints the clause table with every clause and the status counts', async () => {
    const lines = await render(syntheticReport());
    const header = lines.findIndex((l) => /^ {2}ID +LEVEL +STATUS +CHECKS +TITLE$/.test(l));
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(header + 1, header + 1 + CLAUSES.length).map((l) => l.trim().split(/\s+/)[0])).toEqual(CLAUSES.map((c) => c.id));
    expect(lines).toContain(`  ${CLAUSES.length} clauses: 3 pass, 4 diverge, ${CLAUSES.length - 7} untested; 1 action not implemented (GetMFADevice)`);
  });

  it('gives each divergence its clause, source, expected vs observed with the message, steps, replay and AWS CLI steps', async () => {
    const text = (await render(syntheticReport())).join('\n');
    expect(text).toMatch(/^#2 \[MUST\] E7 EnableMFADevice: expected 403 InvalidAuthenticationCode, observed 200 OK \(fails the run\)$/m);
    expect(text).toMatch(/^ {3}clause: {3}E7 Two consecutive codes$/m);
    expect(text).toMatch(/^ {3}source: {3}AWS CLI reference: aws iam enable-mfa-device; .*RFC 6238: TOTP$/m);
    expect(text).toMatch(/^ {3}expected: 200 OK \(HTTP 500 answer: /m);
    expect(text).toMatch(/^ {3}observed: 500 ServiceFailure, message "<script>/m);
    expect(text).toMatch(/^ {3}> 3\. EnableMFADevice UserName="imcabcde0000a-u" .* \[genuine pair, 3 step\(s\) stale\] -> 500 ServiceFailure {3}<- diverges$/m);
    expect(text).toMatch(/^ {3}replay: npx iam-mfa-conformance replay report\.json --id 1 --endpoint-url http:\/\/127\.0\.0\.1:5077$/m);
    // The console names the script the run wrote; the whole script is in report.html and junit.xml.
    expect(text).toMatch(/^ {3}AWS CLI: bash \/nonexistent\/aws-cli\/1\.sh {3}\(the script says what it needs in its first lines\)$/m);
    expect(text).not.toContain('#!/usr/bin/env bash');
    expect(text).toMatch(/^ {3}observed: 200 OK: ListVirtualMFADevices returns the seed or QR code$/m);
    expect(text).toMatch(/^#4 \[SHOULD\] .*\(reported, does not fail the run\)$/m);
  });

  it('plain lines when not a TTY: no carriage returns or escape sequences, even from an endpoint', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const lines = await render(syntheticReport());
    expect(stderr).not.toHaveBeenCalled();
    expect(lines).toContain('  property enable.success [E1, E7]');
    for (const l of lines) expect(l).not.toMatch(/[\r\u001b\u0000]/);
    expect(lines.join('\n')).toContain('\\u001b[2J');
  });

  it('on a TTY the progress goes to stderr and the property lines are left out', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const lines = await render(syntheticReport(), { tty: true });
    expect(stderr).toHaveBeenCalled();
    expect(lines).not.toContain('  property enable.success [E1, E7]');
  });

  it('--debug shows the exchanges, redacted, on the debug stream (stderr in the CLI); no output carries the seed', async () => {
    const debugLines: string[] = [];
    const out = await render(syntheticReport(), { debug: true, debugLines });
    expect(out.filter((l) => /^ {2}[<>] /.test(l))).toEqual([]);
    const lines = debugLines;
    expect(lines).toContain('  > CreateVirtualMFADevice via sdk: VirtualMFADeviceName=imcabcde0000a-d');
    expect(lines.find((l) => l.startsWith('  < 200 '))).toContain('<Base32StringSeed>[redacted]</Base32StringSeed>');
    expect(lines.join('\n')).not.toContain(SEED);
    expect(lines.join('\n')).not.toContain(Buffer.from(SEED).toString('base64'));
  });

  it('prints a warning when its event arrives, before the summary, and does not repeat it there', async () => {
    const lines: string[] = [];
    const r = consoleReporter({ write: (l) => lines.push(l), tty: false, debug: false, strict: false });
    const report = { ...syntheticReport(), warnings: ['cleanup failed', 'only in the report'] };
    r.onEvent?.({ type: 'property-started', property: 'enable.success', clauses: ['E1'] });
    r.onEvent?.({ type: 'warning', message: 'cleanup failed' });
    // Live: printed by the event itself, before any summary exists.
    expect(lines).toEqual(['  property enable.success [E1]', '  warning: cleanup failed']);
    await r.finish?.(report, '/nonexistent');
    expect(lines.filter((l) => l.includes('cleanup failed'))).toEqual(['  warning: cleanup failed']);
    expect(lines).toContain('warning: only in the report');
    expect(lines).toContain('1 warning(s) above, also in the report files');
  });

  it('on a TTY, case-finished and measurement events drive the progress line', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const now = vi.spyOn(Date, 'now');
    let t = 0;
    now.mockImplementation(() => (t += 1000));
    const r = consoleReporter({ write: () => undefined, tty: true, debug: false, strict: false });
    r.onEvent?.({ type: 'property-started', property: 'enable.success', clauses: ['E1'] });
    r.onEvent?.({ type: 'measurement', measurement: { clause: 'E8', question: 'q', subject: 's', value: 'v' } });
    r.onEvent?.({ type: 'case-finished', property: 'enable.success', stage: 'search', requests: 3 });
    r.onEvent?.({ type: 'case-finished', property: 'enable.success', stage: 'shrink', requests: 2 });
    const written = stderr.mock.calls.map((c) => String(c[0]));
    expect(written).toContain('\r\x1b[2K  enable.success: 1 cases, 0 requests, 1 measured');
    expect(written).toContain('\r\x1b[2K  enable.success: 2 cases (shrinking), 0 requests, 1 measured');
  });

  it('reports baseline results: known, new, and fixed ones to remove', async () => {
    const r = syntheticReport();
    const judged = applyBaseline(r, { tool: 'iam-mfa-conformance', baselineVersion: 2, contractVersion: 'x', entries: [{ key: r.divergences[0]!.key, clause: 'E9', level: 'MUST', operation: 'EnableMFADevice' }, { key: 'EnableMFADevice|E7|a', clause: 'E7', level: 'MUST', operation: 'EnableMFADevice' }] }, 'b.json');
    const text = (await render(judged)).join('\n');
    expect(text).toMatch(/^#1 .*\(known, in baseline\)$/m);
    expect(text).toMatch(/^#2 .*\(NEW, not in baseline\)$/m);
    expect(text).toContain('Baseline b.json: 1 known, 4 new, 1 fixed, 0 undecided');
    expect(text).toContain('  fixed, remove from baseline: EnableMFADevice|E7|a (MUST E7)');
  });

  it('a self-check has no AWS CLI steps: its endpoint is gone once the run ends', async () => {
    const text = (await render(syntheticReport({ selfCheck: true }))).join('\n');
    expect(text).toContain('SELF-CHECK: this run tested the embedded reference endpoint');
    expect(text).not.toContain('AWS CLI:');
  });
});

describe('console wording (issue 15)', () => {
  it('divergence ids cannot be read as clause ids: #N, never D N', async () => {
    const lines = await render(syntheticReport());
    const heads = lines.filter((l) => /^\S+ \[(MUST|SHOULD|OPEN)/.test(l));
    expect(heads.length).toBe(syntheticReport().divergences.length);
    for (const h of heads) expect(h).toMatch(/^#\d+ \[/);
  });

  it('a content divergence says what differed, never "expected 200 OK, observed 200 OK"', async () => {
    const text = (await render(syntheticReport())).join('\n');
    expect(text).toMatch(/^#4 \[SHOULD\] D5S ListVirtualMFADevices: 200 OK, but ListVirtualMFADevices returns the seed or QR code \(reported, does not fail the run\)$/m);
    expect(text).not.toMatch(/expected (\d{3} [A-Za-z]+), observed \1\b/);
  });

  it('a status without an error code reads with its own reason phrase, in headline and signature', async () => {
    const text = (await render(syntheticReport())).join('\n');
    expect(text).toMatch(/^#5 \[MUST, not implemented\] E9 GetMFADevice: expected 200 OK, observed 501 Not Implemented/m);
    expect(text).not.toMatch(/\b5\d\d OK\b/);
  });

  it('the clause summary and the footer count the same unimplemented actions', async () => {
    const lines = await render(syntheticReport());
    const clauseLine = lines.find((l) => /clauses: .* pass/.test(l));
    const footer = lines.at(-1) ?? '';
    expect(clauseLine).toContain('1 action not implemented (GetMFADevice)');
    expect(footer).toContain('1 action not implemented (GetMFADevice)');
    expect(clauseLine).not.toMatch(/\b0 not implemented/);
  });

  it('the Measured list is sorted: by clause, then by offset, furthest stale first', async () => {
    const base = syntheticReport();
    const m = (offset: number, value = '200 OK') => ({ clause: 'E8' as const, question: 'acceptance window', subject: `EnableMFADevice with genuine pair, ${Math.abs(offset)} step(s) ${offset < 0 ? 'stale' : 'ahead'} (offset ${offset})`, value, count: 1 });
    const measurements = [m(4), { clause: 'E8R' as const, question: 'code reuse', subject: 'x', value: 'OK', count: 1 }, m(-1), m(16), m(-16), m(-3), m(1, 'EntityAlreadyExists')];
    const lines = await render({ ...base, measurements });
    const at = lines.indexOf('Measured (OPEN points, never a failure):');
    const offsets = lines.slice(at + 1, at + 7).map((l) => Number(/\(offset (-?\d+)\)/.exec(l)?.[1]));
    expect(offsets).toEqual([-16, -3, -1, 1, 4, 16]);
    expect(lines[at + 7]).toMatch(/^ {2}E8R /);
  });

  it('a partial run says so', async () => {
    const text = (await render({ ...syntheticReport(), interrupted: true, stopReason: 'max-duration' })).join('\n');
    expect(text).toMatch(/^PARTIAL run, stopped at --max-duration/m);
    expect(text).toMatch(/^PARTIAL: \d+ cases/m);
  });

  it('--quiet prints the divergence headlines and the summary, and nothing else', async () => {
    const report = syntheticReport();
    const lines = await render(report, { quiet: true });
    expect(lines).not.toContain('  property enable.success [E1, E7]');
    expect(lines.some((l) => /^ {2}ID +LEVEL/.test(l))).toBe(false);
    expect(lines.some((l) => l.includes('AWS CLI'))).toBe(false);
    for (const d of report.divergences) expect(lines.some((l) => l.startsWith(`  ${d.id} [${d.level}`))).toBe(true);
    expect(lines.at(-1)).toMatch(/^\d+ cases, \d+ requests/);
    expect(lines.length).toBeLessThan(report.divergences.length + 10);
  });
});
