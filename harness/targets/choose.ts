import { containerTarget, ContainerSpecError } from './container.js';
import { EMULATORS, emulatorTarget } from './emulators.js';
import { referenceTarget } from './reference.js';
import type { Target } from './target.js';
import { urlTarget } from './url.js';

export class UnknownTarget extends Error {}

export const TARGET_NAMES = (): string[] => ['reference', ...Object.keys(EMULATORS), 'container:IMAGE[:TAG][@PORT]'];

/** --endpoint-url wins (someone else's endpoint); otherwise --target, otherwise the embedded reference. */
export function chooseTarget(name: string | undefined, endpointUrl: string | undefined): Target {
  if (endpointUrl !== undefined) {
    if (name !== undefined) throw new UnknownTarget('give either --target or --endpoint-url, not both');
    return urlTarget(endpointUrl);
  }
  if (name === undefined || name === 'reference') return referenceTarget();
  if (name.startsWith('container:')) {
    try {
      return containerTarget(name.slice('container:'.length));
    } catch (e) {
      if (e instanceof ContainerSpecError) throw new UnknownTarget(e.message);
      throw e;
    }
  }
  const emulator = emulatorTarget(name);
  if (emulator) return emulator;
  throw new UnknownTarget(`unknown target '${name}' (one of: ${TARGET_NAMES().join(', ')})`);
}
