import fc from 'fast-check';
import type { NameSpec } from '../../generators/name.js';
import { fixedName, validName } from '../../generators/simple-names.js';
import type { CaseSpec } from '../case/spec.js';
import type { Property } from './property.js';
import { createAccessKey, createUser, deleteAccessKey, deleteUser, getUser } from './steps.js';

/**
 * Access keys of the test user (what signs its sign-ins, digest §8): created, limited to two,
 * deleted; a user with one cannot be deleted (R3K), which R3's witnesses must never mistake
 * for the MFA conflict.
 */
const lifecycle = (u: NameSpec): CaseSpec => ({
  label: 'three access keys for one user, delete one, delete a key the user does not have',
  steps: [createUser(u), createAccessKey(u), createAccessKey(u), createAccessKey(u), deleteAccessKey(u), deleteAccessKey(u)],
});

const unknownUser = (u: NameSpec): CaseSpec => ({
  label: 'CreateAccessKey for a user that does not exist',
  steps: [createAccessKey(u)],
});

const deleteWithKey = (u: NameSpec): CaseSpec => ({
  label: 'DeleteUser while the user has an access key, then after deleting it',
  steps: [createUser(u), createAccessKey(u), deleteUser(u), getUser(u), deleteAccessKey(u), deleteUser(u)],
});

export const keyProperties: Property[] = [
  {
    id: 'keys.lifecycle',
    title: 'CreateAccessKey and DeleteAccessKey: two keys per user, 404 for a key the user does not have',
    clauses: ['K1'],
    arbitrary: validName('u').map(lifecycle),
    examples: [lifecycle(fixedName('u'))],
    weight: 0.1,
  },
  {
    id: 'keys.unknown-user',
    title: 'CreateAccessKey for a user that does not exist gets 404 NoSuchEntity',
    clauses: ['K1'],
    arbitrary: validName('u').map(unknownUser),
    examples: [unknownUser(fixedName('nobody'))],
    weight: 0.1,
  },
  {
    id: 'keys.delete-user',
    title: 'DeleteUser while the user has an access key gets 409 DeleteConflict',
    clauses: ['R3K', 'K1'],
    arbitrary: validName('u').map(deleteWithKey),
    examples: [deleteWithKey(fixedName('u'))],
    weight: 0.1,
  },
];
