import { AWS_STS, usedKey, type ModelState } from '../../specs/index.js';
import type { TokenCode } from '../../generators/token-code.js';

/**
 * A sign-in's symbolic token made concrete in kind (digest §8): `fresh` becomes the earliest
 * code the device can still sign in with (inside the recorded window around its frame, not
 * spent by an earlier sign-in), `reuse` the code of the device's last sign-in in the case.
 * `now` is the step codes are sent for. Pure.
 */
export function resolveToken(code: TokenCode, state: ModelState, serial: string | undefined, lastStep: number | undefined, now: number): TokenCode {
  return resolveTokenIn(code, state, serial, lastStep, now).token;
}

/**
 * As resolveToken, and whether a `fresh` code had none left to choose from: every code inside
 * the window this step was spent (a witness asking again while STS settles spends one per
 * accepted attempt); the next step brings a new one.
 */
export function resolveTokenIn(code: TokenCode, state: ModelState, serial: string | undefined, lastStep: number | undefined, now: number): { token: TokenCode; exhausted: boolean } {
  if (code.kind === 'reuse') return { token: { kind: 'genuine', offset: lastStep === undefined ? 0 : lastStep - now }, exhausted: false };
  if (code.kind !== 'fresh') return { token: code, exhausted: false };
  const device = serial === undefined ? undefined : state.devices.get(serial);
  const frame = device?.frame ?? null;
  const centre = frame ? Math.round((frame.lo + frame.hi) / 2) : 0;
  const used = (serial === undefined ? undefined : state.sts.get(serial)?.used) ?? new Set<string>();
  // The current code first (the one S1 speaks of), then outward inside the window.
  const candidates = [0, 1, -1, 2, -2].filter((d) => Math.abs(d) <= AWS_STS.window).map((d) => centre + d);
  const seed = device?.seed;
  const unused = seed ? candidates.find((o) => !used.has(usedKey(seed, now + o))) : centre;
  return { token: { kind: 'genuine', offset: unused ?? centre }, exhausted: unused === undefined };
}
