import fc from 'fast-check';
import { deviceNameValid } from '../../generators/device-name.js';
import type { NameSpec } from '../../generators/name.js';
import { fixedName, validName } from '../../generators/simple-names.js';
import type { CaseSpec, Step } from '../case/spec.js';
import type { Property } from './property.js';
import { createDevice, createUser, deactivate, deleteDevice, enable, listVirtual, nameOf, serialOf } from './steps.js';

const current = { kind: 'genuine', offset: 0 } as const;
const paths = fc.constantFrom(undefined, '/', '/team/', '/a/b-c/', '/x.y@z/');

const createShape = (d: NameSpec, path: string | undefined): CaseSpec => ({
  label: 'CreateVirtualMFADevice returns the documented serial, seed and QR code',
  steps: [createDevice(d, path), listVirtual('Unassigned')],
});

const duplicate = (d: NameSpec, path: string | undefined): CaseSpec => ({
  label: 'the same path and name twice',
  steps: [createDevice(d, path), createDevice(d, path)],
});

const deletes = (u: NameSpec, d: NameSpec): CaseSpec => ({
  label: 'DeleteVirtualMFADevice of an assigned, an unassigned and an unknown device',
  steps: [
    createUser(u),
    createDevice(d),
    enable(nameOf(u), serialOf(d), d, current),
    deleteDevice(d),
    deactivate(u, d),
    deleteDevice(d),
    deleteDevice(d),
    listVirtual(),
  ],
});

const filters = (u: NameSpec, a: NameSpec, b: NameSpec): CaseSpec => ({
  label: 'ListVirtualMFADevices: default Any, and the Assigned/Unassigned filters',
  steps: [createUser(u), createDevice(a), createDevice(b), enable(nameOf(u), serialOf(a), a, current), listVirtual(), listVirtual('Any'), listVirtual('Assigned'), listVirtual('Unassigned')],
});

const badMarker: CaseSpec = {
  label: 'ListVirtualMFADevices with a Marker the endpoint never issued',
  steps: [{ action: 'ListVirtualMFADevices', params: { Marker: { text: 'not-a-marker-we-were-given' } } }],
};

const getVirtual = (d: NameSpec): CaseSpec => ({
  label: 'GetMFADevice of a virtual device',
  steps: [createDevice(d), { action: 'GetMFADevice', params: { SerialNumber: serialOf(d) } } satisfies Step],
});

export const deviceProperties: Property[] = [
  {
    id: 'devices.create',
    title: 'CreateVirtualMFADevice: serial ARN, base32 seed and PNG QR code',
    clauses: ['D1', 'D1Q', 'D5'],
    arbitrary: fc.tuple(deviceNameValid('d'), paths).map(([d, p]) => createShape(d, p)),
    examples: [createShape(fixedName('d'), undefined), createShape(fixedName('d'), '/team/')],
    weight: 0.5,
  },
  {
    id: 'devices.duplicate',
    title: 'The same path and name twice gets 409 EntityAlreadyExists',
    clauses: ['D2'],
    arbitrary: fc.tuple(deviceNameValid('d'), paths).map(([d, p]) => duplicate(d, p)),
    examples: [duplicate(fixedName('d'), undefined)],
    weight: 0.4,
  },
  {
    id: 'devices.delete',
    title: 'Deleting: 409 DeleteConflict while assigned, then success, then 404',
    clauses: ['D4', 'R1'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('d')).map(([u, d]) => deletes(u, d)),
    examples: [deletes(fixedName('u'), fixedName('d'))],
    weight: 0.4,
  },
  {
    id: 'devices.list-filters',
    title: 'ListVirtualMFADevices lists by assignment, Any by default, with User and EnableDate',
    clauses: ['D5', 'D5S', 'E1'],
    arbitrary: fc.tuple(validName('u'), deviceNameValid('a'), deviceNameValid('b')).map(([u, a, b]) => filters(u, a, b)),
    examples: [filters(fixedName('u'), fixedName('a'), fixedName('b'))],
    weight: 0.4,
  },
  {
    id: 'devices.bad-marker',
    title: 'A Marker the endpoint never issued gets 400 ValidationError',
    clauses: ['D5S'],
    arbitrary: fc.constant(badMarker),
    examples: [badMarker],
    weight: 0.05,
  },
  {
    id: 'devices.get-virtual',
    title: 'GetMFADevice of a virtual device (FIDO keys only)',
    clauses: ['G1'],
    arbitrary: deviceNameValid('d').map(getVirtual),
    examples: [getVirtual(fixedName('d'))],
    weight: 0.2,
  },
];
