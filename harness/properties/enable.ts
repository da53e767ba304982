import fc from 'fast-check';
import { deviceNameValid } from '../../generators/device-name.js';
import { wrongPair, type CodePair } from '../../generators/code-pair.js';
import type { NameSpec } from '../../generators/name.js';
import { fixedName, validName } from '../../generators/simple-names.js';
import { userNameInvalid } from '../../generators/user-name.js';
import { SERIAL_INVALID_LABELS, SERIAL_VALID_LABELS, serialNumberOf } from '../../generators/serial-number.js';
import { malformedPair } from '../../generators/malformed-codes.js';
import type { CaseSpec, ParamValue } from '../case/spec.js';
import type { Property } from './property.js';
import { createDevice, createUser, enable, listMfa, listVirtual, nameOf, serialOf } from './steps.js';

const U = fixedName('u');
const U2 = fixedName('v');
const D = fixedName('d');
const current: CodePair = { kind: 'genuine', offset: 0 };
const FRESH: CodePair = { kind: 'fresh' };

const enableGenuine = (u: NameSpec, d: NameSpec, path?: string): CaseSpec => ({
  label: 'enable with the current genuine pair',
  steps: [createUser(u), createDevice(d, path), enable(nameOf(u), serialOf(d), d, current), listMfa(u), listVirtual('Assigned'), listVirtual()],
});

const enableWrong = (u: NameSpec, d: NameSpec, pair: CodePair): CaseSpec => ({
  label: 'enable with a pair that is not consecutive',
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, pair), listVirtual('Unassigned')],
});

/** The current pair of a second device on the same endpoint: genuine codes, wrong device. */
const siblingCodes = (u: NameSpec, d: NameSpec, other: NameSpec): CaseSpec => ({
  label: "enable with the current pair of another device's seed on the same endpoint",
  steps: [createUser(u), createDevice(d), createDevice(other), enable(nameOf(u), serialOf(d), other, current), listVirtual('Unassigned')],
});

const unknownUser = (u: NameSpec, d: NameSpec, pair: CodePair): CaseSpec => ({
  label: 'enable for a user that does not exist',
  steps: [createDevice(d), enable(nameOf(u), serialOf(d), d, pair)],
});

const unknownSerial = (u: NameSpec, d: NameSpec, pair: CodePair): CaseSpec => ({
  label: 'enable a device ARN that was never created',
  steps: [createUser(u), enable(nameOf(u), serialOf(d), d, pair)],
});

const otherUser = (u: NameSpec, v: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'enable a device already enabled for another user',
  // Pairs the device can still accept: a refusal for reuse (E8R) must not mask the assignment rule.
  steps: [createUser(u), createUser(v), createDevice(d), enable(nameOf(u), serialOf(d), d, FRESH), enable(nameOf(v), serialOf(d), d, FRESH), listMfa(v)],
});

const invalidParams = (u: NameSpec | undefined, serial: ParamValue | undefined, pair: CodePair): CaseSpec => ({
  label: 'enable with a parameter outside its constraint',
  steps: [
    createUser(U),
    createDevice(D),
    enable(u ? nameOf(u) : nameOf(U), serial ?? serialOf(D), D, pair),
  ],
});

const anyPair: fc.Arbitrary<CodePair> = fc.oneof(fc.constant(current), wrongPair);

const foreignSerial = (serial: string | ParamValue): CaseSpec => ({
  label: 'enable a serial of another account, partition or a hardware token (measured)',
  steps: [createUser(U), enable(nameOf(U), typeof serial === 'string' ? { serial } : serial, D, current)],
});

const validationFirst: CaseSpec = {
  label: 'a malformed code for a user that does not exist: validation comes first',
  steps: [createDevice(D), enable(nameOf(fixedName('ghost')), serialOf(D), D, { kind: 'malformed', code1: '12345', code2: '123456', reason: '5 digits' })],
};

/** EnableMFADevice, one request at a time (digest §3). */
export const enableProperties: Property[] = [
  {
    id: 'enable.success',
    title: 'A current genuine pair enables the device, and the lists show it',
    clauses: ['E1', 'E7', 'L1', 'D5', 'D1'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), fc.constantFrom(undefined, '/', '/team/')).map(([u, d, p]) => enableGenuine(u, d, p)),
    examples: [enableGenuine(U, D), enableGenuine(U, D, '/team/')],
  },
  {
    id: 'enable.wrong-codes',
    title: 'Pairs that are not two consecutive codes of the device are refused',
    clauses: ['E7'],
    arbitrary: fc.oneof(
      { weight: 5, arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), wrongPair).map(([u, d, p]) => enableWrong(u, d, p)) },
      { weight: 1, arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), deviceNameValid('e')).map(([u, d, e]) => siblingCodes(u, d, e)) },
    ),
    examples: [
      enableWrong(U, D, { kind: 'identical', offset: 0 }),
      enableWrong(U, D, { kind: 'reversed', offset: 0 }),
      enableWrong(U, D, { kind: 'gapped', offset: 0, gap: 1 }),
      enableWrong(U, D, { kind: 'foreign', offset: 0, foreignSeed: 7 }),
      enableWrong(U, D, { kind: 'random', code1: '123456', code2: '654321' }),
      siblingCodes(U, D, fixedName('e')),
    ],
  },
  {
    id: 'enable.unknown-user',
    title: 'A user that does not exist gets 404 NoSuchEntity',
    clauses: ['E2', 'E2P'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d'), anyPair).map(([u, d, p]) => unknownUser(u, d, p)),
    examples: [unknownUser(U, D, current), unknownUser(U, D, { kind: 'random', code1: '000000', code2: '111111' })],
  },
  {
    id: 'enable.unknown-serial',
    title: 'A virtual-device ARN of the account that was never created gets 404 NoSuchEntity',
    clauses: ['E3', 'E3O'],
    arbitrary: fc.oneof(
      fc.tuple(validName('u'), deviceNameValid('d'), anyPair).map(([u, d, p]) => unknownSerial(u, d, p)),
      serialNumberOf(SERIAL_VALID_LABELS).map((s) => foreignSerial({ serialSpec: s })),
    ),
    examples: [
      unknownSerial(U, D, { kind: 'random', code1: '123456', code2: '234567' }),
      foreignSerial('GAHT12345678'),
      foreignSerial('arn:aws:iam::000000000001:mfa/someone-else'),
      foreignSerial('arn:aws-cn:iam::123456789012:mfa/elsewhere'),
    ],
  },
  {
    id: 'enable.other-user',
    title: "A device enabled for one user cannot be enabled for another",
    clauses: ['E4'],
    arbitrary: fc.tuple(validName('u'), validName('v'), deviceNameValid('d')).map(([u, v, d]) => otherUser(u, v, d)),
    examples: [otherUser(U, U2, D)],
  },
  {
    id: 'enable.validation',
    title: 'Parameters outside their constraints get 400 ValidationError',
    clauses: ['V1', 'V3'],
    arbitrary: fc.oneof(
      userNameInvalid('existing').map((u) => invalidParams(u, undefined, current)),
      serialNumberOf(SERIAL_INVALID_LABELS).map((s) => invalidParams(undefined, { serialSpec: s }, current)),
      malformedPair.map((p) => invalidParams(undefined, undefined, p)),
    ),
    examples: [
      validationFirst,
      invalidParams({ label: 'invalid:forbidden-char', prefixed: true, body: 'a b' }, undefined, current),
      invalidParams(undefined, { serial: 'short' }, current),
      invalidParams(undefined, undefined, { kind: 'malformed', code1: '12345', code2: '123456', reason: '5 digits' }),
    ],
  },
];
