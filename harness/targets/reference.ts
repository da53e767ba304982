import { startReference, type ReferenceOptions } from '../reference/server.js';
import type { Target, TargetHandle } from './target.js';

/** The embedded reference endpoint: the contract model served over HTTP (the default target). */
export function referenceTarget(options: ReferenceOptions = {}): Target {
  return {
    kind: 'reference',
    async start(): Promise<TargetHandle> {
      const ref = await startReference(options);
      return { endpoint: ref.url, kind: 'reference', selfCheck: true, version: 'embedded', stop: () => ref.close() };
    },
  };
}
