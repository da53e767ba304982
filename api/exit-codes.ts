/** One table for every subcommand (README "Exit codes"), and for runConformance's verdict. */
export const EXIT = {
  /** No failing divergence. */
  ok: 0,
  /** Failing divergences found (MUST, not implemented, SHOULD with --strict; never baseline-known ones). */
  divergences: 1,
  /** Bad flags, arguments or input files (e.g. a corrupt baseline). */
  usage: 2,
  /** The endpoint could not be judged: unreachable, not awsQuery, credentials refused. */
  endpoint: 3,
  /** A bug in the tool itself. */
  internal: 4,
  /** Ctrl-C: cleanup ran, a partial report was written (the shell's convention, 128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
