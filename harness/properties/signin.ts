import fc from 'fast-check';
import type { CodePair } from '../../generators/code-pair.js';
import { deviceNameValid } from '../../generators/device-name.js';
import type { NameSpec } from '../../generators/name.js';
import { fixedName, validName } from '../../generators/simple-names.js';
import type { TokenCode } from '../../generators/token-code.js';
import { wrongToken } from '../../generators/wrong-token.js';
import type { CaseSpec, Step } from '../case/spec.js';
import type { Property } from './property.js';
import { createAccessKey, createDevice, createUser, deactivate, enable, nameOf, resync, serialOf, signIn } from './steps.js';

/**
 * Sign-in with the device (digest §8): the point of enabling it. The user signs in with its own
 * access key (sts:GetSessionToken with SerialNumber and TokenCode). Right after an IAM change
 * STS may still answer as before (S3): witnesses wait that out, random cases call it
 * inconclusive (harness/settle.ts).
 */

const U = fixedName('u');
const V = fixedName('v');
const D = fixedName('d');
const E = fixedName('e');

/** The current pair after the device's counter: the device is then in sync (its frame is 0). */
const inSync: CodePair = { kind: 'fresh', when: 'current' };
const current: TokenCode = { kind: 'genuine', offset: 0 };
/** A code the device can still sign in with: what a witness asks again with while STS settles. */
const fresh: TokenCode = { kind: 'fresh' };

const withKey = (u: NameSpec): Step[] => [createUser(u), createAccessKey(u)];

const afterEnable = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'sign in with the current code after enabling the device with the current pair',
  steps: [...withKey(u), createDevice(d), enable(nameOf(u), serialOf(d), d, inSync), signIn(u, d, current)],
});

/**
 * The current code first: it waits until STS knows the device (S3), so that the refusal that
 * follows is about the code, not about a device STS does not know yet.
 */
const wrongCode = (u: NameSpec, d: NameSpec, code: TokenCode): CaseSpec => ({
  label: 'sign in with the current code, then with a code that is not one of the device',
  steps: [...withKey(u), createDevice(d), enable(nameOf(u), serialOf(d), d, inSync), signIn(u, d, current), signIn(u, d, code)],
});

/** The current code of a second device of the same user: genuine digits, wrong device. */
const siblingCode = (u: NameSpec, d: NameSpec, e: NameSpec): CaseSpec => ({
  label: "sign in with the current code, then with the current code of another device's seed",
  steps: [...withKey(u), createDevice(d), createDevice(e), enable(nameOf(u), serialOf(d), d, inSync), signIn(u, d, current), signIn(u, e, current, serialOf(d))],
});

/** Its owner signs in first (STS knows the device then), then another user with a code it has not used. */
const othersDevice = (u: NameSpec, v: NameSpec, d: NameSpec): CaseSpec => ({
  label: "the owner signs in, then another user with the owner's device",
  steps: [...withKey(u), ...withKey(v), createDevice(d), enable(nameOf(v), serialOf(d), d, inSync), signIn(v, d, current), signIn(u, d, fresh)],
});

const unassigned = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'sign in with a device that was never enabled',
  steps: [...withKey(u), createDevice(d), signIn(u, d, current)],
});

const unknownSerial = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'sign in with a device ARN that was never created',
  steps: [...withKey(u), signIn(u, d, { kind: 'random', code: '123456' })],
});

const reuse = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'sign in twice with the same code',
  steps: [...withKey(u), createDevice(d), enable(nameOf(u), serialOf(d), d, inSync), signIn(u, d, current), signIn(u, d, { kind: 'reuse' })],
});

const afterDeactivate = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'sign in, deactivate the device, sign in again with a code not used before',
  steps: [...withKey(u), createDevice(d), enable(nameOf(u), serialOf(d), d, inSync), signIn(u, d, current), deactivate(u, d), signIn(u, d, fresh)],
});

/**
 * The seed page's warning: a pair sent "too long" after it was generated associates the
 * device out of sync; sign-in with current codes then fails until ResyncMFADevice with
 * current codes, and works after it.
 */
const outOfSync = (u: NameSpec, d: NameSpec, stale: number): CaseSpec => ({
  label: `enable with a pair ${stale} steps stale, sign in with the current code, resync with the current pair, sign in again`,
  steps: [
    ...withKey(u),
    createDevice(d),
    enable(nameOf(u), serialOf(d), d, { kind: 'genuine', offset: -stale }),
    signIn(u, d, current),
    resync(nameOf(u), serialOf(d), d, inSync),
    signIn(u, d, fresh),
  ],
});

/** Codes a few steps off an in-sync device, one device per case: AWS accepted ±2 and refused ±3 (S2). */
const window = (u: NameSpec, d: NameSpec, offsets: readonly number[]): CaseSpec => ({
  label: `sign in with codes ${offsets.map((o) => (o > 0 ? `+${o}` : String(o))).join(', ')} steps from now`,
  steps: [...withKey(u), createDevice(d), enable(nameOf(u), serialOf(d), d, inSync), ...offsets.map((offset) => signIn(u, d, { kind: 'genuine', offset }))],
});

/** Half a sign-in: a device without a code, a code without a device (S1O, OPEN). */
const half = (u: NameSpec, d: NameSpec, which: 'serial' | 'code'): CaseSpec => ({
  label: which === 'serial' ? 'sign in naming the device without a code' : 'sign in with a code without naming the device',
  steps: [
    ...withKey(u),
    createDevice(d),
    enable(nameOf(u), serialOf(d), d, inSync),
    which === 'serial'
      ? { action: 'GetSessionToken', params: { SerialNumber: serialOf(d) }, signer: u }
      : { action: 'GetSessionToken', params: {}, token: { device: d, code: current }, signer: u },
  ],
});

const names = fc.tuple(validName('u'), deviceNameValid('d'));

export const signInProperties: Property[] = [
  {
    id: 'signin.current',
    title: 'The current code of a device enabled with the current pair signs the user in, once STS has caught up',
    clauses: ['S1', 'S3', 'K1'],
    arbitrary: names.map(([u, d]) => afterEnable(u, d)),
    examples: [afterEnable(U, D)],
    weight: 0.3,
  },
  {
    id: 'signin.refused',
    title: "Wrong codes, another device's code, another user's device, a device never enabled or never created: 403 AccessDenied",
    clauses: ['S1', 'M1'],
    arbitrary: fc.oneof(
      { weight: 4, arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), wrongToken).map(([u, d, t]) => wrongCode(u, d, t)) },
      { weight: 1, arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), deviceNameValid('e')).map(([u, d, e]) => siblingCode(u, d, e)) },
      { weight: 1, arbitrary: fc.tuple(validName('u'), validName('v'), deviceNameValid('d')).map(([u, v, d]) => othersDevice(u, v, d)) },
      { weight: 1, arbitrary: names.map(([u, d]) => unassigned(u, d)) },
      { weight: 1, arbitrary: names.map(([u, d]) => unknownSerial(u, d)) },
    ),
    examples: [
      wrongCode(U, D, { kind: 'not-a-code' }),
      wrongCode(U, D, { kind: 'foreign', offset: 0, foreignSeed: 7 }),
      siblingCode(U, D, E),
      othersDevice(U, V, D),
      unassigned(U, D),
      unknownSerial(U, D),
    ],
    weight: 0.5,
  },
  {
    id: 'signin.reuse',
    title: 'A code STS accepted once is refused the second time',
    clauses: ['S2', 'S1'],
    arbitrary: names.map(([u, d]) => reuse(u, d)),
    examples: [reuse(U, D)],
    weight: 0.2,
  },
  {
    id: 'signin.deactivated',
    title: 'A deactivated device no longer signs in, once STS has caught up',
    clauses: ['S1', 'S3'],
    arbitrary: names.map(([u, d]) => afterDeactivate(u, d)),
    examples: [afterDeactivate(U, D)],
    weight: 0.2,
  },
  {
    id: 'signin.out-of-sync',
    title: 'Enabled with a stale pair the device is out of sync: current codes fail until a resync with the current pair',
    clauses: ['S2', 'S1', 'E8', 'R2'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), fc.integer({ min: 3, max: 8 })).map(([u, d, k]) => outOfSync(u, d, k)),
    examples: [outOfSync(U, D, 4)],
    weight: 0.2,
  },
  {
    id: 'signin.window',
    title: 'Codes within 2 steps of now are accepted, 3 steps off refused',
    clauses: ['S2', 'S1'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), fc.shuffledSubarray([-3, -2, -1, 1, 2, 3], { minLength: 1, maxLength: 3 })).map(([u, d, o]) => window(u, d, o)),
    examples: [window(U, D, [-2, -1, 3]), window(U, D, [1, 2, -3])],
    weight: 0.2,
  },
  {
    id: 'signin.half',
    title: 'A device without a code, or a code without a device (measured)',
    clauses: ['S1O'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), fc.constantFrom('serial' as const, 'code' as const)).map(([u, d, w]) => half(u, d, w)),
    examples: [half(U, D, 'serial'), half(U, D, 'code')],
    weight: 0.1,
  },
];
