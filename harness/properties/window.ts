import { TOTP } from '../../specs/index.js';
import type { Measurement } from '../events.js';
import { acceptedRange, centreOf, type AcceptedRange } from './acceptance.js';
import type { Probe } from './probe.js';

const edgeText = (steps: number, bounded: boolean) => (bounded ? `at least ${steps} step(s) (search bound)` : `up to ${steps} step(s)`);

/**
 * How far from the endpoint's step a genuine pair is still accepted (digest E8), and where
 * its code clock stands against its Date header (E8T): both read off one bounded search with
 * a fresh device per attempt. Offsets are from the step the harness sends codes for: the
 * Date header's step plus the code clock correction in force (`codeOffset`).
 */
export function acceptanceWindowProbe(codeOffset: () => number, maxSteps = 6): Probe {
  return {
    id: 'window.acceptance',
    async measure(execute) {
      const range = await acceptedRange(execute, { find: maxSteps, extend: maxSteps });
      if (range === undefined) return [window('stale', 'not measurable'), window('future', 'not measurable')];
      if (range === null) return [window('stale', 'none accepted'), window('future', 'none accepted'), clock(`no genuine pair accepted within ${maxSteps} step(s) of the Date header's step`)];
      return [
        window('stale', range.lo > 0 ? 'none accepted' : edgeText(-range.lo, range.loBounded)),
        window('future', range.hi < 0 ? 'none accepted' : edgeText(range.hi, range.hiBounded)),
        clock(clockText(range, codeOffset())),
      ];
    },
  };
}

function window(side: 'stale' | 'future', value: string): Measurement {
  return { clause: 'E8', question: 'acceptance window', subject: `${side} genuine pairs accepted`, value };
}

function clock(value: string): Measurement {
  return { clause: 'E8T', question: 'code clock and Date header', subject: 'TOTP clock against the Date header', value };
}

/** The code clock's offset from the Date header, in steps, as far as the accepted range tells it. */
export function clockText(range: AcceptedRange, correction: number): string {
  const lo = range.lo + correction;
  const hi = range.hi + correction;
  const span = `pairs accepted at ${lo}..${hi} step(s) from the Date header's step${range.loBounded || range.hiBounded ? ' (search bound reached)' : ''}`;
  if (range.loBounded && range.hiBounded) return `agrees with the Date header within the window: ${span}`;
  const centre = centreOf(range) + correction;
  return `${centre === 0 ? 'agrees with the Date header' : `offset about ${centre} step(s) (${centre * TOTP.stepSeconds} s)`}: ${span}`;
}
