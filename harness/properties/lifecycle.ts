import fc from 'fast-check';
import { deviceNameValid } from '../../generators/device-name.js';
import type { CodePair } from '../../generators/code-pair.js';
import { describePair, wrongPair } from '../../generators/code-pair.js';
import { stalePair } from '../../generators/stale-pair.js';
import type { NameSpec } from '../../generators/name.js';
import { fixedName, validName } from '../../generators/simple-names.js';
import { MFA_DEVICES_PER_USER } from '../../specs/index.js';
import type { CaseSpec, Step } from '../case/spec.js';
import type { Property } from './property.js';
import { createDevice, createUser, deactivate, enable, listMfa, listVirtual, nameOf, resync, serialOf } from './steps.js';

const current: CodePair = { kind: 'genuine', offset: 0 };
/** Pairs the device can still accept: state is judged with these, never masked by the counter (E8R). */
const fresh: CodePair = { kind: 'fresh' };
const freshCurrent: CodePair = { kind: 'fresh', when: 'current' };
const U = fixedName('u');
const V = fixedName('v');
const D = fixedName('d');

const resyncCase = (u: NameSpec, d: NameSpec, pair: CodePair): CaseSpec => ({
  label: 'ResyncMFADevice of an enabled device',
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, fresh), resync(nameOf(u), serialOf(d), d, pair), listMfa(u)],
});

const outOfSync = (u: NameSpec, d: NameSpec, stale: CodePair): CaseSpec => ({
  label: `enable with ${describePair(stale)}, then resync with the current pair`,
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, stale), resync(nameOf(u), serialOf(d), d, freshCurrent), listMfa(u)],
});

const deactivateCase = (u: NameSpec, v: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'DeactivateMFADevice: by another user, by the owner, for an unknown user',
  steps: [
    createUser(u),
    createUser(v),
    createDevice(d),
    enable(nameOf(u), serialOf(d), d, current),
    deactivate(v, d),
    deactivate(u, d),
    listMfa(u),
    listVirtual('Unassigned'),
    deactivate(fixedName('ghost'), d),
  ],
});

const resyncNotMine = (u: NameSpec, v: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'ResyncMFADevice for a user the device is not enabled for, and for an unknown user',
  steps: [
    createUser(u),
    createUser(v),
    createDevice(d),
    enable(nameOf(u), serialOf(d), d, fresh),
    resync(nameOf(v), serialOf(d), d, fresh),
    resync(nameOf(fixedName('ghost')), serialOf(d), d, fresh),
  ],
});

const reEnable = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'EnableMFADevice of a device already enabled for the same user',
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, fresh), enable(nameOf(u), serialOf(d), d, fresh), listMfa(u)],
});

/** After a pair is accepted, the same pair or an older one is refused on AWS (E8R, SHOULD). */
const reuse = (u: NameSpec, d: NameSpec, again: CodePair): CaseSpec => ({
  label: `${describePair(again)} offered after the current pair was accepted and the device deactivated`,
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, current), deactivate(u, d), enable(nameOf(u), serialOf(d), d, again)],
});

function limitCase(u: NameSpec): CaseSpec {
  const devices = Array.from({ length: MFA_DEVICES_PER_USER + 1 }, (_, i) => fixedName(`d${i}`));
  const steps: Step[] = [createUser(u)];
  for (const d of devices) steps.push(createDevice(d), enable(nameOf(u), serialOf(d), d, current));
  steps.push(listMfa(u));
  return { label: `a ${MFA_DEVICES_PER_USER + 1}th MFA device for one user`, steps };
}

export const lifecycleProperties: Property[] = [
  {
    id: 'lifecycle.resync',
    title: 'ResyncMFADevice follows the code rules of EnableMFADevice',
    clauses: ['R2', 'E8', 'E8R'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), fc.oneof(fc.constant(freshCurrent), fc.constant(fresh), wrongPair)).map(([u, d, p]) => resyncCase(u, d, p)),
    examples: [resyncCase(U, D, freshCurrent), resyncCase(U, D, { kind: 'reversed', offset: 0 })],
    weight: 0.5,
  },
  {
    id: 'lifecycle.out-of-sync',
    title: 'A stale genuine pair may associate the device out of sync; a resync with a current pair must work',
    clauses: ['E8', 'R2'],
    // At least two steps stale, so that the current pair comes after the counter without a wait.
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), stalePair.filter((p) => p.kind === 'genuine' && p.offset <= -2)).map(([u, d, p]) => outOfSync(u, d, p)),
    examples: [outOfSync(U, D, { kind: 'genuine', offset: -2 }), outOfSync(U, D, { kind: 'genuine', offset: -4 })],
    weight: 0.3,
  },
  {
    id: 'lifecycle.deactivate',
    title: 'DeactivateMFADevice frees the device; other users and unknown users get errors',
    clauses: ['R1', 'R1S'],
    arbitrary: fc.tuple(validName('u'), validName('v'), deviceNameValid('d')).map(([u, v, d]) => deactivateCase(u, v, d)),
    examples: [deactivateCase(U, V, D)],
    weight: 0.3,
  },
  {
    id: 'lifecycle.resync-not-mine',
    title: 'ResyncMFADevice for the wrong or an unknown user is refused',
    clauses: ['R2', 'R2S'],
    arbitrary: fc.tuple(validName('u'), validName('v'), deviceNameValid('d')).map(([u, v, d]) => resyncNotMine(u, v, d)),
    examples: [resyncNotMine(U, V, D)],
    weight: 0.3,
  },
  {
    id: 'lifecycle.re-enable',
    title: 'Enabling an enabled device again for the same user is refused',
    clauses: ['E5'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d')).map(([u, d]) => reEnable(u, d)),
    examples: [reEnable(U, D)],
    weight: 0.2,
  },
  {
    id: 'lifecycle.reuse',
    title: 'A pair at or before the last accepted step is refused (per-device counter)',
    clauses: ['E8R'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), fc.integer({ min: -3, max: 1 })).map(([u, d, o]) => reuse(u, d, { kind: 'genuine', offset: o })),
    examples: [reuse(U, D, current), reuse(U, D, { kind: 'genuine', offset: -1 })],
    weight: 0.1,
  },
  {
    id: 'lifecycle.limit',
    title: `At most ${MFA_DEVICES_PER_USER} MFA devices per user`,
    clauses: ['E6'],
    arbitrary: fc.constant(limitCase(U)),
    examples: [limitCase(U)],
    weight: 0.04,
  },
];
