import { CLAUSES, SOURCES } from '../../specs/index.js';
import { parse } from '../args.js';
import { EXIT } from '../exit-codes.js';

/** Lists the contract's clauses: the ids every verdict names. */
export async function clausesCommand(argv: string[], deps: { write: (l: string) => void }): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false, 'clauses');
  if (values.help) {
    deps.write('Usage: iam-mfa-conformance clauses [--json]\n\nLists every clause with its level (MUST / SHOULD / OPEN) and source.');
    return EXIT.ok;
  }
  if (values.json) {
    deps.write(JSON.stringify(CLAUSES.map((c) => ({ ...c, sources: c.sources.map((s) => SOURCES[s]) })), null, 2));
    return EXIT.ok;
  }
  for (const c of CLAUSES) {
    deps.write(`${c.id.padEnd(4)} ${c.level.padEnd(6)} ${c.title}`);
    deps.write(`       ${c.text}`);
    deps.write(`       source: ${c.sources.map((s) => SOURCES[s].title).join('; ')}`);
  }
  return Promise.resolve(EXIT.ok);
}
