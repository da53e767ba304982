import { describe, expect, it } from 'vitest';
import { CodeClock } from '../../harness/code-clock.js';
import type { AcceptedRange } from '../../harness/properties/acceptance.js';

const range = (lo: number, hi: number): AcceptedRange => ({ lo, hi, loBounded: false, hiBounded: false });

/** A clock whose measurements are scripted, with a hand-moved time. */
function scripted(results: Array<AcceptedRange | null | undefined>) {
  let t = 1_000_000;
  let probes = 0;
  const clock = new CodeClock(
    async () => {
      probes++;
      return results.shift();
    },
    { now: () => t * 1000, maxProbes: 3 },
  );
  return { clock, probes: () => probes, tick: (s: number) => (t += s) };
}

describe('code clock: a refusal of a current pair is charged only where the clock cannot be why', () => {
  it('charges when a fresh device accepts pairs on both sides of the refused one', async () => {
    const s = scripted([range(-6, 6)]);
    expect(await s.clock.refusal(0)).toBe('charge');
    expect(s.clock.offset).toBe(0);
  });

  it('charges when no genuine pair is accepted anywhere the probe looked (the codes are not checked right)', async () => {
    const s = scripted([null]);
    expect(await s.clock.refusal(0)).toBe('charge');
  });

  it('explains a refusal outside the accepted range, or at its edge, and moves the codes there', async () => {
    const s = scripted([range(1, 3), range(-4, -2)]);
    expect(await s.clock.refusal(0)).toBe('explained');
    expect(s.clock.offset).toBe(2);
    s.tick(60);
    expect(await s.clock.refusal(2)).toBe('explained');
    // The second probe ran with codes already moved by 2: its range is stored from the Date header's step.
    expect(s.clock.offset).toBe(-1);
    expect(s.clock.readings).toEqual([range(1, 3), range(-2, 0)]);
  });

  it('reuses a reading only within one step and only deep inside it; a drifting clock is measured again', async () => {
    const s = scripted([range(-6, 6), range(-10, -8)]);
    expect(await s.clock.refusal(0)).toBe('charge');
    expect(await s.clock.refusal(0)).toBe('charge');
    expect(s.probes()).toBe(1);
    s.tick(31);
    expect(await s.clock.refusal(0)).toBe('explained');
    expect(s.probes()).toBe(2);
  });

  it('says "unjudged" once the probe budget is spent or a probe could not be judged', async () => {
    const s = scripted([undefined]);
    expect(await s.clock.refusal(0)).toBe('unjudged');
    const t = scripted([range(1, 1), range(2, 2), range(3, 3), range(4, 4)]);
    for (let i = 0; i < 3; i++) {
      t.tick(60);
      expect(await t.clock.refusal(99)).toBe('explained');
    }
    t.tick(60);
    expect(await t.clock.refusal(99)).toBe('unjudged');
  });
});
