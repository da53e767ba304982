import { randomInt } from 'node:crypto';
import type { Target, TargetHandle } from './target.js';

/**
 * moto keeps one state per account and takes the account from a request header: on a moto
 * someone else started, a random account of our own isolates the run from their state.
 */
async function motoIsolation(endpoint: string): Promise<Record<string, string> | undefined> {
  try {
    const r = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    const body = await r.text();
    if (r.ok && /moto/i.test(body)) return { 'x-moto-account-id': String(100_000_000_000 + randomInt(899_999_999_999)) };
  } catch {
    // Not moto, or not reachable yet: calibration will say which.
  }
  return undefined;
}

/** An endpoint someone else started: nothing is launched, nothing is reset. */
export function urlTarget(endpoint: string): Target {
  return {
    kind: 'url',
    async start(): Promise<TargetHandle> {
      const headers = await motoIsolation(endpoint);
      return { endpoint, kind: 'url', selfCheck: false, ...(headers ? { headers } : {}), stop: () => Promise.resolve() };
    },
  };
}
