import { deviceProperties } from './devices.js';
import { enableProperties } from './enable.js';
import { lifecycleProperties } from './lifecycle.js';
import type { Property } from './property.js';
import { statefulProperties } from './stateful.js';
import { userProperties } from './users.js';
import { validationProperties } from './validation.js';

/** Every property the engine runs by default, in order. */
export const allProperties: readonly Property[] = [
  ...enableProperties,
  ...validationProperties,
  ...userProperties,
  ...deviceProperties,
  ...lifecycleProperties,
  ...statefulProperties,
];
