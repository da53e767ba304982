import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import type { CaseSpec } from '../../harness/case/spec.js';
import type { StepRecord } from '../../harness/case/record.js';
import type { EngineResult } from '../../harness/engine.js';
import { keyOf, signatureOf, type Finding } from '../../harness/events.js';
import { renderError, renderSuccess } from '../../harness/protocol/render.js';
import { startReference, type Answer, type ReferenceEndpoint, type ReferenceHooks } from '../../harness/reference/server.js';
import { defaultPolicy } from '../../harness/reference/policy.js';
import { buildReport, type Report } from '../../reports/report.js';
import type { ClauseId } from '../../specs/index.js';

export const tmp = (tag = 'imc-reports-'): string => mkdtempSync(join(tmpdir(), tag));

export interface CliResult {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** The CLI in-process, both streams captured line by line. */
export async function cli(...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

/**
 * Faults planted in the embedded reference, beside the model: each one is a divergence with
 * a known signature, so report tests run against real engine output in a second or two.
 */
export type Fault =
  /** EnableMFADevice for an unknown user answers 400 ValidationError instead of 404 (E2, MUST). */
  | 'enable-unknown-user-400'
  /** ListMFADevices for an unknown user answers an empty list instead of 404 (L1, MUST). */
  | 'list-unknown-user-200';

export const FAULT_SIGNATURES: Record<Fault, string> = {
  'enable-unknown-user-400': 'EnableMFADevice|V1|404 NoSuchEntity|400 ValidationError',
  'list-unknown-user-200': 'ListMFADevices|L1|404 NoSuchEntity|200 OK',
};

const errorCode = (a: Answer) => /<Code>([^<]*)<\/Code>/.exec(a.body)?.[1];

export function faultHooks(faults: readonly Fault[], message = 'planted fault'): ReferenceHooks {
  return {
    answer(req, answer) {
      if (faults.includes('enable-unknown-user-400') && req.action === 'EnableMFADevice' && errorCode(answer) === 'NoSuchEntity' && /The user with name/.test(answer.body)) {
        return { ...answer, status: 400, body: renderError('ValidationError', message, 'Sender', 'req-1') };
      }
      if (faults.includes('list-unknown-user-200') && req.action === 'ListMFADevices' && errorCode(answer) === 'NoSuchEntity') {
        return { ...answer, status: 200, body: renderSuccess('ListMFADevices', { mfaDevices: [], isTruncated: false }, 'req-2') };
      }
      return answer;
    },
  };
}

export async function plantedReference(faults: readonly Fault[], extra: { newSeed?: () => string; hooks?: ReferenceHooks } = {}): Promise<ReferenceEndpoint> {
  const planted = faultHooks(faults);
  const hooks: ReferenceHooks = {
    ...extra.hooks,
    answer: (req, a, env) => {
      const first = planted.answer!(req, a, env);
      return extra.hooks?.answer ? extra.hooks.answer(req, first, env) : first;
    },
  };
  return startReference({ hooks, ...(extra.newSeed ? { policy: defaultPolicy({ newSeed: extra.newSeed }) } : {}) });
}

/** The properties that reach the planted faults, and little else: keeps CLI runs near a second. */
export const FAULT_PROPERTIES = 'enable.unknown-user,users.unknown';

// ---------------------------------------------------------------------------------------------
// A synthetic report: every kind of divergence a format must handle, with hostile text in it.

export const HOSTILE = `<script>alert("x")</script> & ]]> | pipe \`tick\` *star* \u0000nul \u001bESC \ud800lone "quote" 'apos'`;

const rec = (action: StepRecord['action'], params: Record<string, string>, status: number, code: string | null, extra: Partial<StepRecord> = {}): StepRecord => ({
  action,
  params,
  via: 'sdk',
  status,
  code,
  expected: '200 OK',
  ...extra,
});

const name = (body: string) => ({ label: 'valid', prefixed: true, body });

interface Planted {
  finding: Finding;
  property: string;
  spec: CaseSpec;
  steps: StepRecord[];
}

export function syntheticDivergences(): Planted[] {
  const user = 'imcabcde0000a-u';
  const serial = 'arn:aws:iam::123456789012:mfa/imcabcde0000a-d';
  const staleCase: CaseSpec = {
    label: 'enable with a stale genuine pair',
    steps: [
      { action: 'CreateUser', params: { UserName: { name: name('u') } } },
      { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: { name: name('d') }, Path: { text: '/' } } },
      { action: 'EnableMFADevice', params: { UserName: { name: name('u') }, SerialNumber: { serialOf: name('d') } }, codes: { device: name('d'), pair: { kind: 'genuine', offset: -3 } } },
    ],
  };
  const staleSteps = [
    rec('CreateUser', { UserName: user }, 200, null),
    rec('CreateVirtualMFADevice', { VirtualMFADeviceName: 'imcabcde0000a-d', Path: '/' }, 200, null),
    rec('EnableMFADevice', { UserName: user, SerialNumber: serial, AuthenticationCode1: '<code1>', AuthenticationCode2: '<code2>' }, 500, 'ServiceFailure', {
      codes: 'genuine pair, 3 step(s) stale',
      message: HOSTILE,
      expected: '200 OK | 403 InvalidAuthenticationCode',
    }),
  ];
  const foreignCase: CaseSpec = {
    label: "enable with another device's pair",
    steps: [
      { action: 'CreateUser', params: { UserName: { name: name('u') } } },
      { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: { name: name('d') } } },
      { action: 'EnableMFADevice', params: { UserName: { name: name('u') }, SerialNumber: { serialOf: name('d') } }, codes: { device: name('d'), pair: { kind: 'foreign', offset: 0, foreignSeed: 7 } } },
    ],
  };
  const foreignSteps = [
    rec('CreateUser', { UserName: user }, 200, null),
    rec('CreateVirtualMFADevice', { VirtualMFADeviceName: 'imcabcde0000a-d' }, 200, null),
    rec('EnableMFADevice', { UserName: user, SerialNumber: serial, AuthenticationCode1: '<code1>', AuthenticationCode2: '<code2>' }, 200, null, { codes: "a genuine pair of another device's seed", expected: '403 InvalidAuthenticationCode' }),
  ];
  const malformedCase: CaseSpec = {
    label: 'enable with malformed codes',
    steps: [{ action: 'EnableMFADevice', params: { UserName: { text: `it's | <b>` }, SerialNumber: { serial: 'short' } }, codes: { device: name('d'), pair: { kind: 'malformed', code1: "12'45", code2: '12345\u0001' , reason: 'first code' } } }],
  };
  const malformedSteps = [rec('EnableMFADevice', { UserName: `it's | <b>`, SerialNumber: 'short', AuthenticationCode1: '<code1>', AuthenticationCode2: '<code2>' }, 404, 'NoSuchEntity', { codes: 'malformed codes (first code)', message: 'no such user', expected: '400 ValidationError' })];
  const listCase: CaseSpec = { label: 'list assigned devices', steps: [{ action: 'ListVirtualMFADevices', params: { AssignmentStatus: { text: 'Assigned' } } }] };
  const listSteps = [rec('ListVirtualMFADevices', { AssignmentStatus: 'Assigned' }, 200, null)];
  const notImpl: CaseSpec = { label: 'resync', steps: [{ action: 'GetMFADevice', params: { SerialNumber: { serial: 'arn:aws:iam::ACCOUNT:mfa/x', account: 'own' } } }] };
  const notImplSteps = [rec('GetMFADevice', { SerialNumber: 'arn:aws:iam::123456789012:mfa/x' }, 501, null, { message: 'not implemented' })];

  const f = (clause: ClauseId, level: Finding['level'], action: Finding['action'], expected: [number, string | null], observed: [number, string | null], detail: string, extra: Partial<Finding> = {}): Finding => ({
    clause,
    level,
    action,
    expected: { status: expected[0], code: expected[1] },
    observed: { status: observed[0], code: observed[1] },
    detail,
    ...extra,
  });
  return [
    { finding: f('E9', 'MUST', 'EnableMFADevice', [200, null], [500, 'ServiceFailure'], `HTTP 500 answer: ${HOSTILE}`), property: 'enable.out-of-sync', spec: staleCase, steps: staleSteps },
    { finding: f('E7', 'MUST', 'EnableMFADevice', [403, 'InvalidAuthenticationCode'], [200, null], 'expected one of: 403 InvalidAuthenticationCode (E7)'), property: 'enable.wrong-codes', spec: foreignCase, steps: foreignSteps },
    { finding: f('V1', 'MUST', 'EnableMFADevice', [400, 'ValidationError'], [404, 'NoSuchEntity'], 'expected one of: 400 ValidationError (V1)'), property: 'enable.validation', spec: malformedCase, steps: malformedSteps },
    { finding: f('D5S', 'SHOULD', 'ListVirtualMFADevices', [200, null], [200, null], 'ListVirtualMFADevices returns the seed or QR code', { what: 'secret in list' }), property: 'devices.list', spec: listCase, steps: listSteps },
    { finding: f('E9', 'MUST', 'GetMFADevice', [200, null], [501, null], 'GetMFADevice is not implemented (HTTP 501)', { notImplemented: true }), property: 'devices.get-virtual', spec: notImpl, steps: notImplSteps },
  ];
}

/** A report built by buildReport from a hand-made engine result covering every shape. */
export function syntheticReport(options: { strict?: boolean; endpoint?: string; selfCheck?: boolean } = {}): Report {
  const planted = syntheticDivergences();
  const result: EngineResult = {
    divergences: planted.map((p, i) => ({ signature: signatureOf(p.finding), key: keyOf(p.finding), finding: p.finding, property: p.property, counterexample: p.spec, steps: p.steps, seed: 1000 + i, shrinkRuns: 3 })),
    measurements: [
      { clause: 'E8', question: 'acceptance window', subject: 'EnableMFADevice with genuine pair, 3 step(s) stale (offset -3)', value: '200 OK', count: 2 },
      { clause: 'E8R', question: 'code reuse', subject: `EnableMFADevice ${HOSTILE}`, value: 'InvalidAuthenticationCode', count: 1 },
    ],
    exercised: new Map<ClauseId, number>([
      ['E9', 10],
      ['E7', 4],
      ['V1', 3],
      ['D5S', 2],
      ['E8', 2],
      ['E8R', 1],
      ['E1', 5],
    ]),
    cases: 12,
    warnings: [`a warning with ${HOSTILE}`],
    stoppedEarly: false,
    unjudged: [],
    judged: 1,
    witnessed: [],
    setupFailures: [],
  };
  const endpoint = options.endpoint ?? 'http://127.0.0.1:5077';
  const report = buildReport(result, {
    tool: { name: 'iam-mfa-conformance', version: '0.1.0' },
    target: { endpoint, kind: 'url', selfCheck: options.selfCheck ?? false },
    run: { prefix: 'imcabcde', account: '123456789012', accountFrom: 'credentials' },
    seed: 42,
    numRuns: 5,
    startedAt: new Date('2026-01-02T03:04:05.000Z'),
    requests: 99,
    replayCommand: (n) => `npx iam-mfa-conformance replay report.json --id ${n} --endpoint-url ${endpoint}`,
    strict: options.strict ?? false,
  });
  return { ...report, durationMs: 1234 };
}
