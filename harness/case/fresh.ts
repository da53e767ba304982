import type { CodePair } from '../../generators/code-pair.js';

/** Offsets from the step codes are sent for that a fresh device accepted (measured once a run). */
export interface Window {
  readonly lo: number;
  readonly hi: number;
}

/**
 * How far back a fresh pair reaches: two steps leave room for a later current pair after it
 * (its first code must come after the counter), without going stale for no reason.
 */
const EARLIEST = -2;

/**
 * The offset a `fresh` pair is sent at, now, for a device whose counter is `lastStep`; and
 * the steps to wait first, where waiting would make it one the endpoint accepts (outside its
 * window) or, for `when: 'current'`, the current pair. Pure: the caller decides whether it may
 * wait (once per property), and calls again afterwards.
 */
export function freshOffset(pair: Extract<CodePair, { kind: 'fresh' }>, now: number, lastStep: number | null, window: Window | undefined): { offset: number; waitSteps: number } {
  // The first pair whose first code is after the counter has its second code at lastStep + 2.
  const afterCounter = lastStep === null ? -Infinity : lastStep + 2 - now;
  if (pair.when === 'current') return afterCounter <= 0 ? { offset: 0, waitSteps: 0 } : { offset: afterCounter, waitSteps: afterCounter };
  const earliest = window ? Math.min(Math.max(window.lo, EARLIEST), window.hi) : 0;
  const offset = Math.max(afterCounter, earliest);
  return { offset, waitSteps: window && offset > window.hi ? offset - window.hi : 0 };
}
