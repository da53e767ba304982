import { emulatorSuite } from './helpers.js';

emulatorSuite({
  name: 'ministack',
  // ministack 1.5.33 answers 400 InvalidAction.
  notImplemented: ['GetMFADevice'],
  // D4: the only one of the four that refuses to delete an assigned device (409).
  passes: ['E1', 'E2', 'U3', 'D4'],
  // D1: its seed is 32 hex digits, not base32; R3: deleting a user with a device succeeds.
  diverges: ['D1', 'R3'],
  // Every shrinking attempt creates a new device, whose seed is judgeable only 1 time in 8
  // (see `unstable`), so shrinking mostly stalls and E7's case keeps a request or two more.
  e7MaxStep: 6,
  unstable: {
    // ministack never checks codes, but the model can only call a pair wrong when it knows
    // the device's seed, and ministack's seeds are hex (D1). The harness then falls back to the
    // base64 text on the wire, which reads as base32 for about 1 device in 8 (ministack's own
    // uuid4, no seed of ours), so a wrong-codes ResyncMFADevice is judged or not by chance.
    // E7 is found all the same: enable.wrong-codes sends enough wrong pairs.
    'R2/divergence': 'judged only when a hex seed happens to base64-encode to base32-looking text',
  },
});
