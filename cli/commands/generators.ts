import fc from 'fast-check';
import { CATALOGUE, EXAMPLE_ACCOUNT, EXAMPLE_PREFIX, type CatalogueEntry } from '../../generators/catalogue.js';
import { intFlag, parse } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';

export const GENERATORS_HELP = `Usage: iam-mfa-conformance generators [--stats] [--sample N] [--runs N] [--seed N] [--only TEXT]

Shows what the suite sends: the label distribution of every generator (--stats, the default)
and example values with their labels (--sample N per generator). Symbolic values are shown
as generated and resolved with the example prefix ${EXAMPLE_PREFIX} and account ${EXAMPLE_ACCOUNT}.

  --stats       label distribution of each generator over --runs values (default 10000)
  --sample N    N example values per generator
  --seed N      fast-check seed (default 1), so the output can be reproduced
  --only TEXT   only the generators whose name contains TEXT`;

/** Counts labels in a fixed-seed sample: the distribution a run draws from, reproducibly. */
function stats(e: CatalogueEntry, runs: number, seed: number, write: (l: string) => void): void {
  const counts = new Map<string, number>(e.labels.map((l) => [l, 0]));
  for (const x of fc.sample(e.examples, { numRuns: runs, seed })) counts.set(x.label, (counts.get(x.label) ?? 0) + 1);
  const width = Math.max(...[...counts.keys()].map((l) => l.length));
  write(`${e.name}: ${runs} values, seed ${seed}`);
  for (const [label, n] of counts) {
    const note = !e.labels.includes(label) ? '  (undeclared label)' : n === 0 ? '  (never generated)' : n / runs < 0.01 ? '  (below 1%)' : '';
    write(`  ${label.padEnd(width)}  ${((100 * n) / runs).toFixed(1).padStart(5)}%  ${String(n).padStart(6)}${note}`);
  }
}

function sample(e: CatalogueEntry, n: number, seed: number, write: (l: string) => void): void {
  write(`${e.name}:`);
  for (const x of fc.sample(e.examples, { numRuns: n, seed })) write(`  ${x.label}  ${x.text}`);
}

export async function generatorsCommand(argv: string[], deps: { write: (l: string) => void }): Promise<number> {
  const { values } = parse(argv, {
    stats: { type: 'boolean' },
    sample: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, false, 'generators');
  if (values.help) {
    deps.write(GENERATORS_HELP);
    return EXIT.ok;
  }
  const runs = intFlag(values.runs, 'runs', 10_000, 1, 1_000_000);
  const seed = intFlag(values.seed, 'seed', 1, -(2 ** 31), 2 ** 31 - 1);
  const n = values.sample === undefined ? undefined : intFlag(values.sample, 'sample', 0, 1, 10_000);
  const entries = CATALOGUE.filter((e) => values.only === undefined || e.name.includes(values.only));
  if (entries.length === 0) throw new UsageError(`--only ${JSON.stringify(values.only)} matches no generator (${CATALOGUE.map((e) => e.name).join(', ')})`);
  const showStats = values.stats === true || n === undefined;
  let first = true;
  for (const e of entries) {
    if (!first) deps.write('');
    first = false;
    if (showStats) stats(e, runs, seed, deps.write);
    if (n !== undefined) sample(e, n, seed, deps.write);
  }
  return Promise.resolve(EXIT.ok);
}
