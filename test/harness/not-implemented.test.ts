import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../specs/index.js';
import { calibrate } from '../../harness/calibrate.js';
import { connect } from '../../harness/connect.js';
import { runEngine } from '../../harness/engine.js';
import type { Property } from '../../harness/properties/property.js';
import { listVirtual } from '../../harness/properties/steps.js';
import { renderError } from '../../harness/protocol/render.js';
import { startReference } from '../../harness/reference/server.js';
import { buildReport } from '../../reports/report.js';

/** A valid ListVirtualMFADevices, nothing else: what a missing action answers it decides the entry. */
const listOnly: Property = {
  id: 'test.list-only',
  title: 'a valid ListVirtualMFADevices',
  clauses: ['E9', 'L2'],
  arbitrary: fc.constant({ label: 'list', steps: [listVirtual()] }),
  examples: [{ label: 'list', steps: [listVirtual()] }],
  weight: 0,
};

/** The report's entries when ListVirtualMFADevices answers every request with `status` and `code`. */
async function entriesWhenMissing(status: number, code: string) {
  const ref = await startReference({
    hooks: { intercept: (req) => (req.action === 'ListVirtualMFADevices' ? { status, body: renderError(code, 'not here', 'Sender', 'req-ni'), headers: {} } : undefined) },
  });
  const { session, close } = await connect({ endpoint: ref.url, region: 'us-east-1', connectTimeoutMs: 5000, readTimeoutMs: 5000, verifySsl: true, debug: false }, () => undefined);
  try {
    const cal = await calibrate(session, 'imcnotim', ref.url);
    const result = await runEngine(session, { seed: 1, numRuns: 1, runId: 'notim', properties: [listOnly], emit: () => undefined, initialState: emptyState(cal.account, cal.partition) });
    const report = buildReport(result, {
      tool: { name: 'iam-mfa-conformance', version: '0.0.0' },
      target: { endpoint: ref.url, kind: 'reference', selfCheck: false },
      seed: 1,
      numRuns: 1,
      startedAt: new Date(0),
      requests: session.requests,
      replayCommand: () => 'replay',
    });
    return report.divergences.map((d) => ({ kind: d.kind, clause: d.clause, level: d.level, operation: d.operation, signature: d.signature, key: d.key }));
  } finally {
    close();
    await ref.close();
  }
}

describe('"not implemented" is one definition (specs/errors.ts), for the verdict and the session alike', () => {
  it('a 400 NotImplemented and a 501 give the same report entry: the action is not implemented', async () => {
    const missing400 = await entriesWhenMissing(400, 'NotImplemented');
    const missing501 = await entriesWhenMissing(501, 'NotImplemented');
    expect(missing501).toEqual([{ kind: 'not-implemented', clause: 'E9', level: 'MUST', operation: 'ListVirtualMFADevices', signature: 'ListVirtualMFADevices|E9|not-implemented', key: 'ListVirtualMFADevices|E9|not-implemented' }]);
    expect(missing400).toEqual(missing501);
  });
});
