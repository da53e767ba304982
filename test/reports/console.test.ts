import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyBaseline } from '../../reports/baseline.js';
import { consoleReporter } from '../../reports/console.js';
import type { Report } from '../../reports/report.js';
import { CLAUSES } from '../../specs/index.js';
import { syntheticReport } from './support.js';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function render(report: Report, options: { tty?: boolean; debug?: boolean } = {}) {
  const lines: string[] = [];
  const r = consoleReporter({ write: (l) => lines.push(l), tty: options.tty ?? false, debug: options.debug ?? false, strict: false });
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
    expect(lines).toContain(`  3 pass, 4 diverge, 0 not implemented, ${CLAUSES.length - 7} untested`);
  });

  it('gives each divergence its clause, source, expected vs observed with the message, steps, replay and AWS CLI steps', async () => {
    const text = (await render(syntheticReport())).join('\n');
    expect(text).toMatch(/^D2 \[MUST\] E7 EnableMFADevice: expected 403 InvalidAuthenticationCode, observed 200 OK \(fails the run\)$/m);
    expect(text).toMatch(/^ {3}clause: {3}E7 Two consecutive codes$/m);
    expect(text).toMatch(/^ {3}source: {3}AWS CLI reference: aws iam enable-mfa-device; .*RFC 6238: TOTP$/m);
    expect(text).toMatch(/^ {3}expected: 200 OK \(HTTP 500 answer: /m);
    expect(text).toMatch(/^ {3}observed: 500 ServiceFailure, message "<script>/m);
    expect(text).toMatch(/^ {3}> 3\. EnableMFADevice UserName="imcabcde0000a-u" .* \[genuine pair, 3 step\(s\) stale\] -> 500 ServiceFailure {3}<- diverges$/m);
    expect(text).toMatch(/^ {3}replay: npx iam-mfa-conformance replay report\.json --id D1 --endpoint-url http:\/\/127\.0\.0\.1:5077$/m);
    expect(text).toMatch(/^ {3}AWS CLI:\n {5}#!\/usr\/bin\/env bash$/m);
    expect(text).toMatch(/^ {3}observed: 200 OK: ListVirtualMFADevices returns the seed or QR code$/m);
    expect(text).toMatch(/^D4 \[SHOULD\] .*\(reported, does not fail the run\)$/m);
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

  it('--debug shows the exchanges, redacted; no output carries the seed', async () => {
    const lines = await render(syntheticReport(), { debug: true });
    expect(lines).toContain('  > CreateVirtualMFADevice via sdk: VirtualMFADeviceName=imcabcde0000a-d');
    expect(lines.find((l) => l.startsWith('  < 200 '))).toContain('<Base32StringSeed>[redacted]</Base32StringSeed>');
    expect(lines.join('\n')).not.toContain(SEED);
    expect(lines.join('\n')).not.toContain(Buffer.from(SEED).toString('base64'));
  });

  it('reports baseline results: known, new, and fixed ones to remove', async () => {
    const r = syntheticReport();
    const judged = applyBaseline(r, { tool: 'iam-mfa-conformance', baselineVersion: 1, contractVersion: 'x', signatures: [{ signature: r.divergences[0]!.signature, clause: 'E9', level: 'MUST', operation: 'EnableMFADevice' }, { signature: 'EnableMFADevice|E7|a|b', clause: 'E7', level: 'MUST', operation: 'EnableMFADevice' }] }, 'b.json');
    const text = (await render(judged)).join('\n');
    expect(text).toMatch(/^D1 .*\(known, in baseline\)$/m);
    expect(text).toMatch(/^D2 .*\(NEW, not in baseline\)$/m);
    expect(text).toContain('Baseline b.json: 1 known, 4 new, 1 fixed, 0 not exercised');
    expect(text).toContain('  fixed, remove from baseline: EnableMFADevice|E7|a|b (MUST E7)');
  });

  it('a self-check has no AWS CLI steps: its endpoint is gone once the run ends', async () => {
    const text = (await render(syntheticReport({ selfCheck: true }))).join('\n');
    expect(text).toContain('SELF-CHECK: this run tested the embedded reference endpoint');
    expect(text).not.toContain('AWS CLI:');
  });
});
