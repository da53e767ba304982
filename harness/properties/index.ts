import { boundaryProperties } from './boundaries.js';
import { deviceProperties } from './devices.js';
import { enableProperties } from './enable.js';
import { keyProperties } from './keys.js';
import { lifecycleProperties } from './lifecycle.js';
import { signInProperties } from './signin.js';
import type { Property } from './property.js';
import { statefulProperties } from './stateful.js';
import { userProperties } from './users.js';
import { validationProperties } from './validation.js';

/**
 * Every property the engine runs by default, in order. Those that delete a user who still has
 * an MFA device come last: an endpoint that wrongly allows it (R3) may be left in a state that
 * breaks later requests (LocalStack's list calls answer 500 afterwards), and that must not
 * hide what the other properties would find.
 */
const deletesUserWithDevice = (p: Property) => p.id === 'users.delete-conflict';
export const allProperties: readonly Property[] = [
  ...enableProperties,
  ...validationProperties,
  ...boundaryProperties,
  ...userProperties.filter((p) => !deletesUserWithDevice(p)),
  ...deviceProperties,
  ...lifecycleProperties,
  ...keyProperties,
  ...signInProperties,
  ...userProperties.filter(deletesUserWithDevice),
  ...statefulProperties,
];
