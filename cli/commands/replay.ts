import { readFile } from 'node:fs/promises';
import { emptyState } from '../../specs/index.js';
import { casePrefix } from '../../generators/prefix.js';
import { runCase, type Created } from '../../harness/case/run.js';
import type { CaseSpec } from '../../harness/case/spec.js';
import { signatureOf } from '../../harness/events.js';
import { cleanupCreated } from '../../harness/isolation.js';
import { parse } from '../args.js';
import { endpointFlags } from '../common.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { openTarget } from '../target-session.js';

export const REPLAY_HELP = `Usage: iam-mfa-conformance replay REPORT.json [--id D1[,D2]] [--endpoint-url URL | --target NAME]

Re-sends each divergence's minimal request sequence (fresh names, codes recomputed from the
new device's seed and the endpoint's clock) and says whether it still diverges. Without
--endpoint-url it replays against the report's own endpoint (or a fresh embedded reference
if the report was a self-check). Exit 1 if any still diverges.`;

interface ReplayableDivergence {
  id: string;
  signature: string;
  counterexample: CaseSpec;
}

async function loadReport(file: string): Promise<{ endpoint: string | undefined; divergences: ReplayableDivergence[] }> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read report ${file}`);
  }
  let report: unknown;
  try {
    report = JSON.parse(raw);
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
  const r = report as { target?: { endpoint?: string; selfCheck?: boolean }; divergences?: ReplayableDivergence[] };
  if (!Array.isArray(r.divergences) || !r.target) throw new UsageError(`${file} is not an iam-mfa-conformance report`);
  return { endpoint: r.target.selfCheck ? undefined : r.target.endpoint, divergences: r.divergences };
}

export async function replayCommand(argv: string[], deps: { write: (l: string) => void }): Promise<number> {
  const { values, positionals } = parse(argv, { ...endpointFlags, id: { type: 'string' }, target: { type: 'string' } }, true);
  if (values.help) {
    deps.write(REPLAY_HELP);
    return EXIT.ok;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('replay takes one report file');
  const report = await loadReport(file);
  const ids = values.id?.split(',').map((s) => s.trim());
  const chosen = ids ? report.divergences.filter((d) => ids.includes(d.id)) : report.divergences;
  if (ids && chosen.length !== ids.length) throw new UsageError(`no divergence ${ids.filter((i) => !chosen.some((d) => d.id === i)).join(', ')} in ${file}`);
  if (chosen.length === 0) {
    deps.write('nothing to replay: the report has no divergences');
    return EXIT.ok;
  }
  const endpoint = values.target !== undefined ? values['endpoint-url'] : (values['endpoint-url'] ?? report.endpoint);
  const target = await openTarget(values, endpoint, () => undefined, values.target);
  let still = 0;
  try {
    const state = emptyState(target.calibration.account, target.calibration.partition);
    let n = 0;
    for (const d of chosen) {
      const created: Created = { users: new Set(), devices: new Map() };
      const run = await runCase(target.session, d.counterexample, casePrefix(target.runId, ++n), state, created);
      await cleanupCreated(target.session, created, run.state);
      // A lone case cannot tell "not implemented" from "crashed here": accept either form.
      const signatures = new Set(
        run.findings.flatMap((f) => {
          if (!f.notImplemented) return [signatureOf(f)];
          const { notImplemented: _n, ...plain } = f;
          return [signatureOf(f), signatureOf(plain)];
        }),
      );
      const again = signatures.has(d.signature);
      if (again) still++;
      deps.write(`${d.id} ${again ? 'STILL DIVERGES' : 'no longer diverges'}: ${d.signature}`);
      for (const r of run.records) deps.write(`   ${r.action}${r.codes ? ` [${r.codes}]` : ''} -> ${r.status} ${r.code ?? 'OK'}`);
    }
  } finally {
    await target.close();
  }
  deps.write(`${still} of ${chosen.length} still diverge at ${target.handle.endpoint}`);
  return still > 0 ? EXIT.divergences : EXIT.ok;
}
