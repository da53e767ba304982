import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clauseById, predict, stepAt, widened, type ModelState } from '../../specs/index.js';
import { judge } from '../../harness/verdict.js';
import { defaultPolicy, type Policy } from '../../harness/reference/policy.js';
import { base32 } from '../../harness/reference/seed.js';
import { ReferenceService, type Answer } from '../../harness/reference/server.js';
import { FAULTS } from '../../instruments/faults/index.js';
import {
  DemoRunner,
  comparable,
  createDevice,
  createUser,
  deactivate,
  enable,
  getUser,
  listMfa,
  listVirtual,
  raw,
  resync,
  createAccessKey,
  signIn,
  type DemoStep,
} from '../../instruments/faults/demo.js';
import type { Observation } from '../../harness/protocol/observation.js';
import { VARIANTS } from '../../instruments/variants.js';

/** Same seeds in the clean and the faulty endpoint, so their answers can be compared byte for byte. */
function deterministicPolicy(): Policy {
  let n = 0;
  let k = 0;
  return defaultPolicy({
    newSeed: () => base32(createHash('sha256').update(`demo${++n}`).digest().subarray(0, 20)),
    requestId: () => 'demo',
    newAccessKey: () => ({ id: `AKIADEMO${String(++k).padStart(12, '0')}`, secret: `demo-secret-${k}` }),
    newSessionCredentials: () => ({ id: 'ASIADEMO000000000000', secret: 'demo-session-secret', token: 'demo-session-token' }),
    // Demos sign in right after enabling: STS follows at once here (S3 has its own tests).
    stsSettleSeconds: 0,
  });
}

/** A demo must not straddle a TOTP step: both endpoints would then see different current pairs. */
async function awayFromStepBoundary(seconds = 3): Promise<void> {
  const now = Date.now() / 1000;
  if (stepAt(now + seconds) !== stepAt(now)) await new Promise((r) => setTimeout(r, (30 - (now % 30) + 0.2) * 1000));
}

describe('fault catalogue', () => {
  it('has at least 25 faults with unique ids, at both levels, each naming a clause of its level', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(FAULTS.map((f) => f.id)).size).toBe(FAULTS.length);
    expect(FAULTS.some((f) => f.level === 'SHOULD')).toBe(true);
    for (const f of FAULTS) {
      expect(f.id, f.id).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
      expect(clauseById(f.clause).level, `${f.id} breaks ${f.clause}`).toBe(f.level);
      expect(f.demo.length, f.id).toBeGreaterThan(0);
      expect(Object.keys(f.hooks).length, f.id).toBeGreaterThan(0);
    }
  });

  it.each(FAULTS.map((f) => [f.id, f] as const))('%s changes what the reference answers', async (_id, fault) => {
    await awayFromStepBoundary();
    const cleanPolicy = deterministicPolicy();
    const faultyPolicy = deterministicPolicy();
    const clean = new DemoRunner(new ReferenceService({ policy: cleanPolicy }), () => cleanPolicy.now());
    const faulty = new DemoRunner(new ReferenceService({ policy: faultyPolicy, hooks: fault.hooks }), () => faultyPolicy.now());
    const differences: string[] = [];
    for (const step of fault.demo) {
      const a = await clean.send(step);
      const b = await faulty.send(step);
      if (comparable(a.answer) !== comparable(b.answer)) differences.push(`${step.action}: ${a.answer.status} -> ${b.answer.status}`);
    }
    expect(differences, `${fault.id}: its demo never makes the faulty endpoint answer differently`).not.toEqual([]);
  });
});

/** A pause in the battery: STS follows IAM with the reference's (small) settling time. */
type Pause = { readonly pause: number };
const isPause = (s: DemoStep | Pause): s is Pause => 'pause' in s;

/** Requests that touch every OPEN point a variant moves: stale and future pairs, reuse, lists, errors, sign-ins. */
const battery: Array<DemoStep | Pause> = [
  ...['u1', 'u2', 'u3', 'u4', 'u5'].map(createUser),
  createDevice('a'),
  createDevice('b', '/p/'),
  createDevice('c'),
  createDevice('d'),
  createDevice('e'),
  enable('u1', 'a'),
  listMfa('u1'),
  enable('u2', 'b', (c) => c.pair('b', -2)),
  enable('u3', 'c', (c) => c.pair('c', -5)),
  enable('u4', 'd', (c) => c.pair('d', 1)),
  deactivate('u1', 'a'),
  enable('u1', 'a'),
  enable('u5', 'e', () => ({ AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
  enable('nobody', 'e'),
  // Far from now but inside AWS's window, and a resync anchored on a last step far ahead.
  createUser('u6'),
  createDevice('f'),
  createDevice('g'),
  enable('u6', 'f', (c) => c.pair('f', -30)),
  enable('u6', 'g', (c) => c.pair('g', 600)),
  resync('u6', 'g', (c) => c.pair('g', 1200)),
  resync('u6', 'g', (c) => c.pair('g', 1200)),
  raw('ListVirtualMFADevices', () => ({ MaxItems: '1.0' })),
  raw('ListMFADevices', () => ({ UserName: 'u6', MaxItems: '+1' })),
  createUser('U1'),
  getUser('nobody'),
  listVirtual(),
  listVirtual('Assigned'),
  listVirtual('Unassigned'),
  listMfa('u1'),
  // Sign-in (digest §8): right after Enable (settling), then settled: the window, reuse, out of sync, the budget.
  createUser('s1'),
  createAccessKey('s1'),
  createDevice('sd1'),
  enable('s1', 'sd1'),
  signIn('s1', 'sd1', (c) => c.code('sd1', 1)),
  createUser('s2'),
  createAccessKey('s2'),
  createDevice('sd2'),
  enable('s2', 'sd2', (c) => c.pair('sd2', -5)),
  { pause: 160 },
  signIn('s1', 'sd1', (c) => c.code('sd1', 2)),
  signIn('s1', 'sd1', (c) => c.code('sd1', -3)),
  signIn('s1', 'sd1', (c) => c.code('sd1', -1)),
  signIn('s1', 'sd1', (c) => c.code('sd1', -1)),
  signIn('s1', 'sd1'),
  signIn('s2', 'sd2'),
  ...Array.from({ length: 5 }, () => signIn('s1', 'sd1', () => '000000')),
];

interface Judged {
  readonly findings: string[];
  readonly feature: string;
}

/** Follows Marker like the harness does, so a paging variant is judged on the whole listing. */
async function sendWhole(runner: DemoRunner, step: DemoStep): Promise<{ observation: Observation; answer: Answer; req: Parameters<typeof predict>[1]; pages: number }> {
  const first = await runner.send(step);
  let result = first.observation.result;
  let pages = 1;
  for (; result?.isTruncated && result.marker && pages < 100; pages++) {
    const marker = result.marker;
    const next = await runner.send({ action: step.action, params: (c) => ({ ...step.params(c), Marker: marker }) });
    const r = next.observation.result ?? {};
    result = {
      ...r,
      ...(result.mfaDevices || r.mfaDevices ? { mfaDevices: [...(result.mfaDevices ?? []), ...(r.mfaDevices ?? [])] } : {}),
      ...(result.virtualDevices || r.virtualDevices ? { virtualDevices: [...(result.virtualDevices ?? []), ...(r.virtualDevices ?? [])] } : {}),
    };
  }
  return { ...first, observation: { ...first.observation, ...(result ? { result } : {}) }, pages };
}

/** What a variant may change, without the values that differ on every run (ids, seeds, dates). */
function featureOf(o: Observation, a: Answer, pages: number): string {
  const rid = o.requestId === undefined ? 'none' : /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(o.requestId) ? 'uuid' : `other${o.requestId.length}`;
  const date = a.headers['date'] === undefined ? 'undated' : `skew${Math.round((Date.parse(a.headers['date']) / 1000 - Date.now() / 1000) / 10)}`;
  const serials = (o.result?.virtualDevices ?? o.result?.mfaDevices ?? []).map((d) => d.serialNumber?.split('/').pop()).join(',');
  const seed = o.result?.virtualDevice?.seed?.length ?? '';
  return `${o.status} ${o.code ?? 'OK'} msg=${o.message ?? ''} rid=${rid} ${date} list=${serials} pages=${pages} seed=${seed}`;
}

/**
 * Codes are computed and judged on the endpoint's TOTP clock, as the harness does once it has
 * measured that clock (a variant may move it away from the Date header).
 */
async function runBattery(policy: Policy, service: ReferenceService): Promise<Judged[]> {
  const runner = new DemoRunner(service, () => policy.codeNow());
  const out: Judged[] = [];
  for (const step of battery) {
    if (isPause(step)) {
      await new Promise((r) => setTimeout(r, step.pause));
      continue;
    }
    const before: ModelState = service.snapshot();
    const lo = policy.codeNow();
    const { observation, answer, req, pages } = await sendWhole(runner, step);
    // The endpoint's clock while it answered lies between these two readings of it; what an
    // STS that has not caught up yet (the policy's own settling time) or a spent budget may
    // answer is allowed (S3), as a witness's wait allows it.
    const prediction = widened(predict(before, req, { lo, hi: policy.codeNow() }, { settleSeconds: policy.stsSettleSeconds + 0.05 }));
    const findings = judge(before, req, prediction, observation, () => true).map((f) => `${f.action} ${f.clause} ${f.level} ${f.detail}`);
    out.push({ findings, feature: featureOf(observation, answer, pages) });
  }
  return out;
}

/** The default policy's answers to the battery, once: what every variant is compared with. */
let baseline: Promise<Judged[]> | undefined;
const baseBattery = (): Promise<Judged[]> => {
  const basePolicy = defaultPolicy();
  baseline ??= runBattery(basePolicy, new ReferenceService({ policy: basePolicy }));
  return baseline;
};

describe('conformant variants', () => {
  it('the default policy, which is recorded AWS, raises nothing at all', async () => {
    await awayFromStepBoundary(5);
    const policy = defaultPolicy();
    const judged = await runBattery(policy, new ReferenceService({ policy }));
    expect(judged.flatMap((j) => j.findings)).toEqual([]);
  });

  it.each(VARIANTS.map((v) => [v.id, v] as const))('%s raises only the SHOULD clauses it moves, and moves something', async (_id, variant) => {
    await awayFromStepBoundary(5);
    const options = variant.options();
    const policy = options.policy ?? defaultPolicy();
    const judged = await runBattery(policy, new ReferenceService(options));
    const findings = judged.flatMap((j) => j.findings);
    const raised = new Set(findings.map((f) => f.split(' ')[1]));
    const outside = findings.filter((f) => { const [, clause, level] = f.split(' '); return !(level === 'SHOULD' && variant.raises.some((c) => c === clause)); });
    expect(outside).toEqual([]);
    expect([...raised].sort()).toEqual([...variant.raises].sort());

    const base = await baseBattery();
    const moved = judged.filter((j, i) => j.feature !== base[i]?.feature);
    expect(moved.length, `${variant.id} answers exactly like the default policy`).toBeGreaterThan(0);
  });
});
