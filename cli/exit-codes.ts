// The table and the options error live with the library entry point (api/), which the CLI
// wraps: a flag the CLI refuses and an option runConformance refuses are the same mistake.
export { EXIT, type ExitCode } from '../api/exit-codes.js';
export { OptionsError as UsageError } from '../api/errors.js';
