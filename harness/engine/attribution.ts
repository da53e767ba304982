import type { CaseRun } from '../case/run.js';
import type { CaseSpec } from '../case/spec.js';
import { signatureOf, type Finding } from '../events.js';

/** A case that shows the signature being looked at, as the search and pruning hand it on. */
export interface Failing {
  readonly spec: CaseSpec;
  readonly run: CaseRun;
  readonly finding: Finding;
  /** An earlier step of the case that diverged at the finding's level or above, if any. */
  readonly cause?: Finding;
}

const RANK: Record<string, number> = { MUST: 2, SHOULD: 1, OPEN: 0 };

/**
 * Whether a finding can have changed what the endpoint holds: its answer was not the one
 * expected. A wrong body (QRCodePNG, a list's content), envelope or message, or a status sent
 * with the right code, leaves the endpoint where the model thinks it is.
 */
const ANSWER_ONLY: ReadonlySet<string> = new Set(['W1', 'W1S', 'W2', 'M1']);
const changesState = (f: Finding): boolean =>
  f.what === undefined && !ANSWER_ONLY.has(f.clause) && (f.expected.status !== f.observed.status || f.expected.code !== f.observed.code);

/** An earlier step that diverged at `f`'s level or above in a way that can have changed the endpoint's state. */
const causes = (f: Finding) => (x: Finding): boolean => (x.step ?? 0) < (f.step ?? 0) && (RANK[x.level] ?? 0) >= (RANK[f.level] ?? 0) && changesState(x);

/**
 * The first occurrence of `signature` in a run, and the earlier divergent step it follows, if
 * one diverged at its level or above (issue: attribution). Undefined where it does not occur.
 */
export function occurrence(run: CaseRun, signature: string): { finding: Finding; cause?: Finding } | undefined {
  const finding = run.findings.find((f) => signatureOf(f) === signature);
  if (!finding) return undefined;
  const cause = run.findings.find(causes(finding));
  return cause ? { finding, cause } : { finding };
}

/** Indices of the steps before the finding's that diverged at its level or above. */
export function causeSteps(f: Failing): number[] {
  return [...new Set(f.run.findings.filter(causes(f.finding)).map((x) => x.step ?? 0))].sort((a, b) => a - b);
}
