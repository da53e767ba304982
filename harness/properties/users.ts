import fc from 'fast-check';
import { deviceNameValid } from '../../generators/device-name.js';
import type { NameSpec } from '../../generators/name.js';
import { fixedName, validName } from '../../generators/simple-names.js';
import { caseVariant as flipCase } from '../../generators/user-name-case.js';
import type { CaseSpec } from '../case/spec.js';
import type { Property } from './property.js';
import { createDevice, createUser, deleteUser, enable, getUser, listMfa, listVirtual, nameOf, serialOf } from './steps.js';

/** The same name with the letter case of its body flipped (prefix untouched, still ours). */
const flipped = flipCase;

const caseVariant = (u: NameSpec): CaseSpec => ({
  label: 'CreateUser of a name differing only by case',
  steps: [createUser(u), createUser(flipped(u)), getUser(flipped(u))],
});

/** The same name twice: 409 whatever the endpoint makes of case, and AWS's message for it (U1, M1). */
const duplicate = (u: NameSpec): CaseSpec => ({
  label: 'CreateUser of a name that exists',
  steps: [createUser(u), createUser(u)],
});

const unknownUser = (u: NameSpec): CaseSpec => ({
  label: 'GetUser, DeleteUser and ListMFADevices of a user that does not exist',
  steps: [getUser(u), deleteUser(u), listMfa(u)],
});

const deleteWithDevice = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'DeleteUser while the user has an MFA device',
  // The lists afterwards: an endpoint that let the user go may be left in a state its list
  // calls cannot answer; that is then found here, right after its cause, on every seed.
  steps: [createUser(u), createDevice(d), enable(nameOf(u), serialOf(d), d, { kind: 'genuine', offset: 0 }), deleteUser(u), getUser(u), listVirtual()],
});

// Tags are letters, so every generated body has a letter whose case can flip.
const lettered = (tag: string) => validName(tag);

export const userProperties: Property[] = [
  {
    id: 'users.case-insensitive',
    title: 'User names are unique regardless of case',
    clauses: ['U1', 'U2'],
    arbitrary: fc.oneof(lettered('u').map(caseVariant), lettered('u').map(duplicate)),
    examples: [caseVariant(fixedName('uBob')), duplicate(fixedName('dup'))],
    weight: 0.5,
  },
  {
    id: 'users.unknown',
    title: 'Reads and deletes of an unknown user get 404 NoSuchEntity',
    clauses: ['U3', 'L1'],
    arbitrary: validName('u').map(unknownUser),
    examples: [unknownUser(fixedName('nobody'))],
    weight: 0.3,
  },
  {
    id: 'users.delete-conflict',
    title: 'DeleteUser while an MFA device is enabled gets 409 DeleteConflict',
    clauses: ['R3'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d')).map(([u, d]) => deleteWithDevice(u, d)),
    examples: [deleteWithDevice(fixedName('u'), fixedName('d'))],
    weight: 0.4,
  },
];
