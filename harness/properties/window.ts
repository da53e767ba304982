import type { CodePair } from '../../generators/code-pair.js';
import { fixedName } from '../../generators/simple-names.js';
import type { CaseSpec } from '../case/spec.js';
import type { Probe } from './probe.js';
import { createDevice, createUser, enable, nameOf, serialOf } from './steps.js';

const U = fixedName('u');
const D = fixedName('d');

const probeCase = (offset: number): CaseSpec => ({
  label: `enable with a genuine pair at offset ${offset}`,
  steps: [createUser(U), createDevice(D), enable(nameOf(U), serialOf(D), D, { kind: 'genuine', offset } satisfies CodePair)],
});

/** How far from the current step a genuine pair is still accepted (digest E8): searched outward, bounded. */
export function acceptanceWindowProbe(maxSteps = 6): Probe {
  return {
    id: 'window.acceptance',
    async measure(execute) {
      const out = [];
      for (const [direction, name] of [
        [-1, 'stale'],
        [1, 'future'],
      ] as const) {
        let accepted = 0;
        let conclusive = true;
        for (let k = 1; k <= maxSteps; k++) {
          const run = await execute(probeCase(direction * k));
          const last = run?.records.at(-1);
          if (!run || !last || last.action !== 'EnableMFADevice') {
            conclusive = false;
            break;
          }
          if (last.status !== 200 || last.code !== null) break;
          accepted = k;
        }
        out.push({
          clause: 'E8' as const,
          question: 'acceptance window',
          subject: `${name} genuine pairs accepted`,
          value: !conclusive ? 'not measurable' : accepted === maxSteps ? `at least ${maxSteps} step(s) (search bound)` : `up to ${accepted} step(s)`,
        });
      }
      return out;
    },
  };
}
