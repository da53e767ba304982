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
    // moto's GetSessionToken ignores SerialNumber and TokenCode (issue 17): a code that is no
    // code of the device must be refused at MUST, and the minimal case is the sign-in itself.
    test('reports S1: GetSessionToken accepts a code that is no code of the device, minimal case of at most 5 requests', async () => {
      const { report } = await first();
      const s1 = report.divergences.find((d) => d.clause === 'S1' && d.operation === 'GetSessionToken' && d.kind === 'divergence');
      expect(s1?.level).toBe('MUST');
      expect(s1?.consequenceOf).toBeUndefined();
      expect(s1?.key).toBe('GetSessionToken|S1|403 AccessDenied');
      expect(s1?.steps.length).toBeLessThanOrEqual(5);
      expect(s1?.steps.at(-1)?.action).toBe('GetSessionToken');
      expect(s1?.steps.at(-1)?.codes).toMatch(/no code of the device|another device|another seed|random/);
    });
  },
});
