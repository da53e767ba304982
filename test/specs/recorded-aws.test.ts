import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32 } from '../../harness/reference/seed.js';
import { recordedMessages } from '../../harness/verdict.js';
import {
  allows,
  apply,
  codeAt,
  emptyState,
  exactClock,
  isActionName,
  pairAt,
  predict,
  stepAt,
  virtualSerial,
  widened,
  type Allowed,
  type Facts,
  type ModelState,
  type Outcome,
  type Request,
} from '../../specs/index.js';
import { RECORDED_IAM } from '../recorded-aws/iam.js';
import { RECORDED_STS } from '../recorded-aws/sts.js';
import { DEFAULT_SETTLE_TIMEOUT_SECONDS } from '../../harness/settle.js';
import type { RecordedExchange, RecordedStep, SymbolicCodes } from '../recorded-aws/types.js';

/**
 * Replays every recorded IAM and STS exchange through the model. AWS is the definition of
 * SHOULD behaviour, so each recorded outcome must lie inside the MUST tier and inside every
 * SHOULD tier of the prediction; a step outside them is a false alarm the suite would raise
 * against AWS. Sign-ins are judged as the harness judges them at its settling bound: what STS
 * may answer while an IAM change has not reached it yet (S3) widens every tier, as an OPEN
 * point does. The state follows the recorded outcomes (apply), with a seed of our own for
 * each device.
 */

const ACCOUNT = '123456789012';
/** Step 0 of every entry. */
const START_STEP = stepAt(1_790_000_010);
/** The harness's default settling bound (--settle-timeout). */
const SETTLE_SECONDS = DEFAULT_SETTLE_TIMEOUT_SECONDS;
/**
 * When each step was sent: a step that moves to a new `atStep` is sent 1 s into it (or as long
 * after the previous one as recorded, if that is later), the others `secondsAfterPrevious`
 * after the previous one (0.1 s where nothing was recorded), never past their step's end.
 */
function timeOf(previous: number | undefined, atStep: number, moved: boolean, seconds: number | undefined): number {
  const start = (START_STEP + atStep) * 30;
  const after = previous === undefined ? start + 1 : previous + (seconds ?? 0.1);
  return Math.min(start + 29.9, moved ? Math.max(start + 1, after) : after);
}

/** A fixed seed per device creation, so a re-created device gets a new one, as on AWS. */
const seedFor = (entry: string, alias: string, generation: number): string =>
  base32(createHash('sha256').update(`recorded-aws|${entry}|${alias}|${generation}`).digest().subarray(0, 20));

interface DeviceAlias {
  serial: string;
  seed: string | null;
  generations: number;
}

interface Replay {
  state: ModelState;
  devices: Map<string, DeviceAlias>;
  /** Access key id of each user alias (a stand-in: the recordings redact them). */
  keys: Map<string, string>;
  lastMarker?: string;
}

function serialOf(replay: Replay, alias: string): string {
  return replay.devices.get(alias)?.serial ?? virtualSerial('aws', ACCOUNT, '/', alias);
}

function codesFor(entry: RecordedExchange, replay: Replay, step: RecordedStep, codes: SymbolicCodes, t: number): [string, string] {
  if (codes.kind === 'random') return [codes.code1, codes.code2 ?? codes.code1];
  if (codes.kind === 'foreign') {
    // A replaced device's old seed, where the alias had one (the corpus's example of foreign codes).
    const alias = step.device === undefined ? undefined : replay.devices.get(step.device);
    const seed = alias && alias.generations > 1 ? seedFor(entry.id, step.device ?? '', alias.generations - 1) : seedFor(entry.id, `foreign:${step.device ?? ''}`, 0);
    return pairAt(seed, t + codes.offset);
  }
  const seed = step.device === undefined ? null : replay.devices.get(step.device)?.seed ?? null;
  if (seed === null) throw new Error(`${entry.id}: ${codes.kind} codes for device ${step.device ?? '(none)'}, which the entry never created`);
  const at = t + codes.offset;
  if (codes.kind === 'genuine') return pairAt(seed, at);
  if (codes.kind === 'identical') return [codeAt(seed, at), codeAt(seed, at)];
  return [codeAt(seed, at), codeAt(seed, at - 1)];
}

function requestFor(entry: RecordedExchange, replay: Replay, step: RecordedStep, t: number): Request {
  if (!isActionName(step.action)) throw new Error(`${entry.id}: ${step.action} is not an action of the model`);
  const params: Record<string, string> = {};
  // A sign-in is signed with the user's key; it names no user.
  const signer = step.action === 'GetSessionToken' && step.user !== undefined ? replay.keys.get(step.user) : undefined;
  if (step.user !== undefined && step.action !== 'GetSessionToken') params['UserName'] = step.user;
  if (step.device !== undefined) {
    if (step.action === 'CreateVirtualMFADevice') params['VirtualMFADeviceName'] = step.device;
    else params['SerialNumber'] = serialOf(replay, step.device);
  }
  Object.assign(params, step.params ?? {});
  if (step.sendsMarker) {
    if (replay.lastMarker === undefined) throw new Error(`${entry.id}: sendsMarker without an earlier truncated answer`);
    params['Marker'] = replay.lastMarker;
  }
  if (step.codes && step.action === 'GetSessionToken') {
    // One code: the second of the pair whose second code is at the offset.
    params['TokenCode'] = codesFor(entry, replay, step, step.codes, t)[1];
  } else if (step.codes) {
    const [c1, c2] = codesFor(entry, replay, step, step.codes, t);
    params['AuthenticationCode1'] = c1;
    params['AuthenticationCode2'] = c2;
  }
  return { action: step.action, params, ...(signer !== undefined ? { signer } : {}) };
}

/** Symbolic description of a step for failure messages: never a seed or a code. */
function describeStep(step: RecordedStep): string {
  const parts: string[] = [step.action];
  if (step.user) parts.push(`user=${step.user}`);
  if (step.device) parts.push(`device=${step.device}`);
  if (step.codes) parts.push(step.codes.kind === 'random' ? 'codes=random' : `codes=${step.codes.kind}(${step.codes.offset >= 0 ? '+' : ''}${step.codes.offset})`);
  for (const [k, v] of Object.entries(step.params ?? {})) parts.push(`${k}=${JSON.stringify(v.length > 24 ? `${v.slice(0, 21)}...` : v)}`);
  return parts.join(' ');
}

const show = (allowed: readonly Allowed[]) => allowed.map((a) => `${a.status}${a.code === null ? '' : ` ${a.code}`}`).join(' | ');

/** Replays one entry; returns one line per recorded outcome the prediction does not allow. */
function replayEntry(entry: RecordedExchange): string[] {
  const replay: Replay = { state: emptyState(ACCOUNT), devices: new Map(), keys: new Map() };
  const problems: string[] = [];
  let atStep = 0;
  let t: number | undefined;
  entry.steps.forEach((step, i) => {
    const moved = step.atStep !== undefined && step.atStep !== atStep;
    atStep = step.atStep ?? atStep;
    t = timeOf(t, atStep, moved, step.secondsAfterPrevious);
    const clock = exactClock(t);
    const req = requestFor(entry, replay, step, stepAt(clock.lo));
    const recorded: Outcome = { status: step.outcome.status, code: step.outcome.code };
    const p = widened(predict(replay.state, req, clock, { settleSeconds: SETTLE_SECONDS }));
    const label = `step ${i + 1} (${describeStep(step)}) recorded ${recorded.status} ${recorded.code ?? 'OK'}`;
    if (!allows(p.must, recorded)) problems.push(`${label}: outside MUST ${p.must.clause} [${show(p.must.allowed)}]`);
    for (const tier of p.should) if (!allows(tier, recorded)) problems.push(`${label}: outside SHOULD ${tier.clause} [${show(tier.allowed)}]`);
    // M1: where the model carries AWS's message for this answer, the recorded one is among them.
    const expectedMessages = recordedMessages(p, recorded);
    const message = step.outcome.message?.replaceAll('{user}', step.user ?? '').replaceAll('{serial}', req.params['SerialNumber'] ?? '');
    if (message !== undefined && expectedMessages && !expectedMessages.includes(message)) problems.push(`${label}: message ${JSON.stringify(message)} outside M1 [${expectedMessages.join(' | ')}]`);

    const facts: { -readonly [K in keyof Facts]: Facts[K] } = {};
    if (step.action === 'CreateVirtualMFADevice' && recorded.status === 200 && step.device !== undefined) {
      const previous = replay.devices.get(step.device);
      const generations = (previous?.generations ?? 0) + 1;
      const device = { serial: virtualSerial('aws', ACCOUNT, step.params?.['Path'] ?? '/', step.device), seed: seedFor(entry.id, step.device, generations), generations };
      replay.devices.set(step.device, device);
      facts.seed = device.seed;
      facts.serial = device.serial;
    }
    if (step.action === 'CreateAccessKey' && recorded.status === 200 && step.user !== undefined) {
      const id = `AKIA${entry.id.length.toString().padStart(4, '0')}${step.user.toUpperCase().padEnd(12, 'X')}`.slice(0, 20);
      replay.keys.set(step.user, id);
      facts.accessKeyId = id;
    }
    if (step.outcome.truncated) {
      replay.lastMarker = `recorded-marker-${i + 1}`;
      facts.marker = replay.lastMarker;
    }
    replay.state = apply(replay.state, req, recorded, clock, facts);
  });
  return problems;
}

describe('recorded real-AWS exchanges replay inside the prediction (MUST and every SHOULD tier)', () => {
  it.each([...RECORDED_IAM, ...RECORDED_STS].map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    const problems = replayEntry(entry);
    expect(problems, `${entry.title}\n${problems.join('\n')}`).toEqual([]);
  });
});

// --- The corpus itself: well-formed, symbolic, cited ---------------------------------------------

const ALL = [...RECORDED_IAM, ...RECORDED_STS];
const COMMIT = /^(?:[0-9a-f]{40}|\d{4}-\d{2}-\d{2}|\d+\.\d+\.\d+)$/;

describe('recorded-aws corpus', () => {
  it('has unique, stable ids and cites every source as repository, commit and path', () => {
    const ids = ALL.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of ALL) {
      expect(e.id, e.id).toMatch(/^[a-z]+\.[a-z]+\.[a-z0-9-]+$/);
      expect(e.title.length, e.id).toBeGreaterThan(10);
      expect(e.derivation.length, e.id).toBeGreaterThan(40);
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      expect(e.steps.length, e.id).toBeGreaterThan(0);
      for (const s of e.sources) {
        expect(s.repo, e.id).toMatch(/^(?:shared|[\w.-]+\/[\w.-]+)$/);
        expect(s.commit, `${e.id} ${s.repo}`).toMatch(COMMIT);
        expect(s.path.length, e.id).toBeGreaterThan(0);
      }
    }
  });

  it('replays only actions the model knows; STS entries are the only ones that sign in', () => {
    for (const e of ALL) for (const s of e.steps) expect(isActionName(s.action), `${e.id} ${s.action}`).toBe(true);
    for (const e of RECORDED_IAM) expect(e.steps.some((s) => s.action === 'GetSessionToken'), e.id).toBe(false);
    const signIns = RECORDED_STS.flatMap((e) => e.steps.filter((s) => s.action === 'GetSessionToken'));
    expect(signIns.length).toBeGreaterThan(0);
  });

  it('is symbolic: steps refer to aliases created in the entry, codes are offsets, no account ids or ARNs', () => {
    for (const e of ALL) {
      const created = new Set<string>();
      let lastTruncated = false;
      for (const s of e.steps) {
        const where = `${e.id} ${describeStep(s)}`;
        if (s.codes && s.codes.kind !== 'random' && s.codes.kind !== 'foreign') expect(created.has(s.device ?? ''), `${where}: codes of a device not created yet`).toBe(true);
        if (s.codes?.kind === 'random') expect(`${s.codes.code1}${s.codes.code2 ?? ''}`, where).toMatch(/^(?:\d{6})+$/);
        for (const v of Object.values(s.params ?? {})) {
          expect(v, where).not.toMatch(/arn:|\d{12}/);
        }
        if (s.sendsMarker) expect(lastTruncated, `${where}: sendsMarker needs an earlier truncated answer`).toBe(true);
        if (s.outcome.truncated) lastTruncated = true;
        expect(Number.isInteger(s.outcome.status) && s.outcome.status >= 200 && s.outcome.status < 600, where).toBe(true);
        expect(s.outcome.code === null, `${where}: success has no code, an error has one`).toBe(s.outcome.status === 200);
        if (s.action === 'CreateVirtualMFADevice' && s.outcome.status === 200 && s.device) created.add(s.device);
      }
    }
  });
});
