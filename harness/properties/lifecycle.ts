import fc from 'fast-check';
import type { CodePair } from '../../generators/code-pair.js';
import { describePair, wrongPair } from '../../generators/code-pair.js';
import { futurePair } from '../../generators/future-pair.js';
import { stalePair } from '../../generators/stale-pair.js';
import type { NameSpec } from '../../generators/name.js';
import { fixedName, validName } from '../../generators/simple-names.js';
import { MFA_DEVICES_PER_USER } from '../../specs/index.js';
import type { CaseSpec, Step } from '../case/spec.js';
import type { Property } from './property.js';
import { createDevice, createUser, deactivate, enable, listMfa, listVirtual, nameOf, resync, serialOf } from './steps.js';

const current: CodePair = { kind: 'genuine', offset: 0 };
const U = fixedName('u');
const V = fixedName('v');
const D = fixedName('d');

const resyncCase = (u: NameSpec, d: NameSpec, pair: CodePair): CaseSpec => ({
  label: 'ResyncMFADevice of an enabled device',
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, current), resync(nameOf(u), serialOf(d), d, pair), listMfa(u)],
});

const outOfSync = (u: NameSpec, d: NameSpec, stale: CodePair): CaseSpec => ({
  label: `enable with ${describePair(stale)}, then resync with a current pair`,
  steps: [
    createUser(u),
    createDevice(d),
    enable(nameOf(u), serialOf(d), d, stale),
    resync(nameOf(u), serialOf(d), d, { kind: 'genuine', offset: 1 }),
    resync(nameOf(u), serialOf(d), d, current),
    listMfa(u),
  ],
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
    enable(nameOf(u), serialOf(d), d, current),
    resync(nameOf(v), serialOf(d), d, current),
    resync(nameOf(fixedName('ghost')), serialOf(d), d, current),
  ],
});

const reEnable = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'EnableMFADevice of a device already enabled for the same user',
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, current), enable(nameOf(u), serialOf(d), d, { kind: 'genuine', offset: 1 }), listMfa(u)],
});

const reuse = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'the same genuine pair offered again after deactivation',
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, current), deactivate(u, d), enable(nameOf(u), serialOf(d), d, current)],
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
    arbitrary: fc.tuple(validName('u'), validName('d'), fc.oneof(fc.constant(current), wrongPair)).map(([u, d, p]) => resyncCase(u, d, p)),
    examples: [resyncCase(U, D, { kind: 'genuine', offset: 1 }), resyncCase(U, D, { kind: 'reversed', offset: 0 })],
    weight: 0.5,
  },
  {
    id: 'lifecycle.out-of-sync',
    title: 'A stale genuine pair may associate the device out of sync; a resync with a current pair must work',
    clauses: ['E8', 'R2'],
    arbitrary: fc.tuple(validName('u'), validName('d'), fc.oneof(stalePair, futurePair)).map(([u, d, p]) => outOfSync(u, d, p)),
    examples: [outOfSync(U, D, { kind: 'genuine', offset: -1 }), outOfSync(U, D, { kind: 'genuine', offset: -4 })],
    weight: 0.3,
  },
  {
    id: 'lifecycle.deactivate',
    title: 'DeactivateMFADevice frees the device; other users and unknown users get errors',
    clauses: ['R1', 'R1S'],
    arbitrary: fc.tuple(validName('u'), validName('v'), validName('d')).map(([u, v, d]) => deactivateCase(u, v, d)),
    examples: [deactivateCase(U, V, D)],
    weight: 0.3,
  },
  {
    id: 'lifecycle.resync-not-mine',
    title: 'ResyncMFADevice for the wrong or an unknown user is refused',
    clauses: ['R2', 'R2S'],
    arbitrary: fc.tuple(validName('u'), validName('v'), validName('d')).map(([u, v, d]) => resyncNotMine(u, v, d)),
    examples: [resyncNotMine(U, V, D)],
    weight: 0.3,
  },
  {
    id: 'lifecycle.re-enable',
    title: 'Enabling an enabled device again for the same user is refused',
    clauses: ['E5'],
    arbitrary: fc.tuple(validName('u'), validName('d')).map(([u, d]) => reEnable(u, d)),
    examples: [reEnable(U, D)],
    weight: 0.2,
  },
  {
    id: 'lifecycle.reuse',
    title: 'Reuse of an accepted pair (measured)',
    clauses: ['E8R'],
    arbitrary: fc.tuple(validName('u'), validName('d')).map(([u, d]) => reuse(u, d)),
    examples: [reuse(U, D)],
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
