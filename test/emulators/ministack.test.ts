import { emulatorSuite } from './helpers.js';

emulatorSuite({
  name: 'ministack',
  // ministack 1.5.33 answers 400 InvalidAction.
  notImplemented: ['GetMFADevice'],
  // D4: the only one of the four that refuses to delete an assigned device (409).
  passes: ['E1', 'E2', 'U3', 'D4'],
  // D1: its seed is 32 hex digits, not base32; R3: deleting a user with a device succeeds.
  diverges: ['D1', 'R3'],
  // Its seeds are 32 hex digits, base64-encoded: not base32 (D1), so no code can be computed.
  codesUnjudgeable: 'its seeds are hex, not base32 (D1)',
});
