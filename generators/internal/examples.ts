import { casePrefix } from '../prefix.js';

/** What `generators --sample` and label checks resolve symbolic values with: stand-ins, never a real account. */
export const EXAMPLE_PREFIX = casePrefix('examp', 1);
export const EXAMPLE_ACCOUNT = '123456789012';
