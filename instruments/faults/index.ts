import { codeFaults } from './codes.js';
import type { Fault } from './fault.js';
import { shouldFaults } from './should.js';
import { stateFaults } from './state.js';
import { stsFaults } from './sts.js';
import { validationFaults } from './validation.js';
import { wireFaults } from './wire.js';

export type { Fault } from './fault.js';

/** Every planted fault, MUST ones first. Ids are unique (the unit test holds them to it). */
export const FAULTS: readonly Fault[] = [...codeFaults, ...validationFaults, ...stateFaults, ...wireFaults, ...stsFaults.filter((f) => f.level === 'MUST'), ...shouldFaults, ...stsFaults.filter((f) => f.level === 'SHOULD')];

export function faultById(id: string): Fault | undefined {
  return FAULTS.find((f) => f.id === id);
}
