import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EMULATORS } from '../../harness/targets/emulators.js';

/** Matrix and test order: moto first, it is the one that must always run. */
export const EMULATOR_NAMES = ['moto', 'ministack', 'localstack', 'fakecloud'] as const;
export type EmulatorName = (typeof EMULATOR_NAMES)[number];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why an emulator cannot be started on this machine, or undefined when its command is in
 * place. Checked up front (rather than by starting it) so a missing emulator costs nothing
 * and is told apart from one that is installed but broken, which must fail loudly.
 * Kept free of vitest so scripts/compat.ts can share it.
 */
export function missingInstall(name: EmulatorName): string | undefined {
  const spec = EMULATORS[name];
  if (!spec) return `${name} has no target in harness/targets/emulators.ts`;
  const found = spec.command.includes('/')
    ? executable(spec.command)
    : (process.env['PATH'] ?? '')
        .split(delimiter)
        .some((dir) => dir !== '' && executable(join(dir, spec.command)));
  return found ? undefined : `${name} is not installed (${spec.command} not found); install it with: ${spec.install}`;
}
