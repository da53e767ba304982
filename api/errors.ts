/**
 * Options a run cannot start with (a bad selector, an unwritable report directory, an unknown
 * profile): the caller's mistake, found before anything is started. The CLI says it in one
 * line and exits 2; a library caller gets it as a rejected promise.
 */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}
