import { EndpointError } from '../harness/client/errors.js';
import { RUN_HELP } from './commands/run-help.js';
import type { CommandDeps } from './common.js';
import { EXIT, UsageError } from './exit-codes.js';
import { lineWriter } from './output.js';
import { TOOL } from './version.js';

const HELP = `Usage: iam-mfa-conformance <command> [options]

Conformance suite for the AWS IAM MFA API (EnableMFADevice and its neighbours).

Commands:
  run        run the properties against an endpoint (default: the embedded reference)
  replay     re-send a report's minimal counterexamples and say if they still diverge
  cleanup    remove leftovers of a run: its prefix and account, or its report
  clauses    list every clause with its level and source
  generators show what the generators send: label distribution (--stats), examples (--sample N)
  compare    what changed between two report.json files (new, fixed, unchanged)

  --version  print the version
  --help     this text; 'iam-mfa-conformance <command> --help' for a command

Exit codes: 0 no failing divergence, 1 divergences, 2 usage or input error,
3 endpoint could not be judged, 4 internal error, 130 interrupted (Ctrl-C: cleanup ran,
a partial report was written).

${RUN_HELP}`;

type Command = (argv: string[], deps: CommandDeps) => Promise<number>;

/**
 * Each command is loaded when it is called: `clauses`, `generators` and `--help` never load
 * the AWS SDK, the engine or the container client, which only `run`, `replay` and `cleanup` need.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  generators: async () => (await import('./commands/generators.js')).generatorsCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  replay: async () => (await import('./commands/replay.js')).replayCommand,
  cleanup: async () => (await import('./commands/cleanup.js')).cleanupCommand,
  clauses: async () => (await import('./commands/clauses.js')).clausesCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
};

/** Maps every failure to its exit code and a single line: no stack traces for the user. */
export async function main(argv: string[], write: (line: string) => void = lineWriter(process.stdout), writeErr: (line: string) => void = lineWriter(process.stderr)): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    write(HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    write(`${TOOL.name} ${TOOL.version}`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    writeErr(`iam-mfa-conformance: unknown command '${command}' (see 'iam-mfa-conformance --help')`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const run = await load();
    return await run(rest, { write, writeErr, env: process.env, signal: controller.signal });
  } catch (e) {
    if (e instanceof UsageError) {
      writeErr(`iam-mfa-conformance: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof EndpointError) {
      writeErr(`iam-mfa-conformance: ${e.message}`);
      return EXIT.endpoint;
    }
    writeErr(`iam-mfa-conformance: internal error: ${(e as Error)?.message ?? String(e)}${process.env['IMC_TRACE'] ? `\n${(e as Error)?.stack ?? ''}` : ' (set IMC_TRACE=1 for a stack trace)'}`);
    return EXIT.internal;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
