import { CASE_PREFIX_LENGTH } from './prefix.js';

/**
 * A name as a case means it, before the prefix is known. `prefixed` names get the case prefix
 * in front; names whose point is their exact bytes (empty, a forbidden first character) do not.
 */
export interface NameSpec {
  readonly label: string;
  readonly prefixed: boolean;
  readonly body: string;
}

export function resolveName(spec: NameSpec, prefix: string): string {
  return spec.prefixed ? prefix + spec.body : spec.body;
}

/** Length of the body that makes a prefixed name `total` characters long. */
export const bodyLengthFor = (total: number): number => Math.max(0, total - CASE_PREFIX_LENGTH);
