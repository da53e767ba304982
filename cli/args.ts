import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.js';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Named, so that the compiled declarations can say what `parse` returns. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean }>>;

/**
 * `--num-runs -1` is a value, not a flag: node's parser calls it "ambiguous" and stops. The
 * value of a string option that looks like a negative number is joined to its flag, so the
 * tool's own range check answers instead.
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** node's parser messages, in the tool's words. */
function explain(e: Error & { code?: string }): string {
  const first = e.message.split('\n')[0] ?? 'bad arguments';
  const quoted = /'([^']+)'/.exec(first)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? first}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(first) ? `${(quoted ?? '').split(' ')[0] || 'an option'} needs a value` : first;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted !== undefined ? `'${quoted}'` : first}`;
    default:
      return first;
  }
}

/**
 * Strict parsing: an unknown or malformed flag is a usage error (exit 2), never ignored. The
 * message ends with where to look: `command` names the subcommand whose --help lists the flags.
 */
export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false, command?: string): Parsed<O> {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals });
  } catch (e) {
    const help = command === undefined ? 'iam-mfa-conformance --help' : `iam-mfa-conformance ${command} --help`;
    throw new UsageError(`${explain(e as Error)} (see '${help}')`);
  }
}

export function intFlag(value: string | undefined, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, got ${JSON.stringify(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** `name` is what the user wrote: a flag (`--endpoint-url`) or an environment variable. */
export function urlFlag(value: string, name: string): string {
  const what = /^[A-Z_]+$/.test(name) ? name : `--${name}`;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${what} must be a URL such as http://127.0.0.1:5000, got ${JSON.stringify(value)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${what} must be an http or https URL, got ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
}
