import { expect } from 'vitest';
import { emulatorSuite } from './helpers.js';

emulatorSuite({
  name: 'moto',
  // moto 5.2.1 answers both with an HTML 500.
  notImplemented: ['GetMFADevice', 'ResyncMFADevice'],
  // E2/U3: unknown users get 404 NoSuchEntity (probed by hand on all four emulators).
  passes: ['E1', 'E2', 'U3'],
  // D4: deleting an assigned virtual device succeeds; R3: so does deleting a user with a
  // device; E9: HTML 500s for MaxItems=abc and a missing VirtualMFADeviceName.
  diverges: ['D4', 'R3', 'E9'],
  // The CI-gate measurement (five seeds at --num-runs 5): moto is the emulator the README's gate uses.
  gateSeeds: [11, 12, 13, 14, 15],
  extra: (test, first) => {
    test('reports E7 with a counterexample of at most 3 requests, the wrong pair last', async () => {
      const { report } = await first();
      const e7 = report.divergences.find((d) => d.clause === 'E7' && d.operation === 'EnableMFADevice');
      expect(e7?.steps.length).toBeLessThanOrEqual(3);
      expect(e7?.steps.at(-1)?.codes).toMatch(/same code twice|reversed|apart|another device|random/);
    });
  },
});
