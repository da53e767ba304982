import { emulatorSuite } from './helpers.js';

emulatorSuite({
  name: 'fakecloud',
  // fakecloud 0.51.0 implements every action of the contract.
  notImplemented: [],
  // R3: the only one of the four that refuses to delete a user with a device (409).
  passes: ['E1', 'E2', 'U3', 'R3'],
  // D4: deleting an assigned device succeeds; E3: enabling a never-created serial succeeds.
  diverges: ['D4', 'E3'],
  allowedWarnings: [
    // EnableMFADevice of a serial that was never created succeeds (E3), so the user holds a
    // device the case did not create; cleanup only deactivates devices the case created, and
    // DeleteUser then gets 409 DeleteConflict (correctly, R3).
    /some created resources could not be cleaned up/,
  ],
});
