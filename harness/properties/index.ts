import { enableProperties } from './enable.js';
import type { Property } from './property.js';

/** Every property the engine runs by default, in order. */
export const allProperties: readonly Property[] = [...enableProperties];
