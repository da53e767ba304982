import type { Target, TargetHandle } from './target.js';

/** An endpoint someone else started: nothing is launched, nothing is reset. */
export function urlTarget(endpoint: string, headers?: Record<string, string>): Target {
  return {
    kind: 'url',
    start(): Promise<TargetHandle> {
      return Promise.resolve({ endpoint, kind: 'url', selfCheck: false, ...(headers ? { headers } : {}), stop: () => Promise.resolve() });
    },
  };
}
