import { readFile } from 'node:fs/promises';
import { READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION, normalizeSignature, outcomeText, type Report, type ReportDivergence } from './report.js';

/** An unreadable or foreign report file: the CLI turns it into exit code 2 with this one-line message. */
export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
}

export interface RunRef {
  readonly file: string;
  readonly endpoint: string;
  readonly kind: string;
  readonly seed: number;
  readonly contractVersion: string;
  readonly startedAt: string;
}

export interface Comparison {
  readonly a: RunRef;
  readonly b: RunRef;
  /** In B, not in A. */
  readonly new: readonly ReportDivergence[];
  /** In A, not in B, and B exercised the clause. */
  readonly fixed: readonly ReportDivergence[];
  /** In A, not in B, but B never exercised the clause: nothing is known. */
  readonly unseen: readonly ReportDivergence[];
  /** In both; B's record (its counterexample is the newer one). */
  readonly unchanged: readonly ReportDivergence[];
  readonly notes: readonly string[];
}

export async function readReport(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ReportFileError(`cannot read report ${file}: ${(e as Error).message}`);
  }
  return parseReport(text, file);
}

/** Checks what compare relies on; everything else in the file is carried through untouched. */
export function parseReport(text: string, file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ReportFileError(`report ${file} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const o = data as Record<string, unknown> | null;
  const tool = o && typeof o === 'object' ? (o['tool'] as Record<string, unknown> | undefined) : undefined;
  if (!o || typeof o !== 'object' || Array.isArray(o) || tool?.['name'] !== 'iam-mfa-conformance') {
    throw new ReportFileError(`${file} is not an iam-mfa-conformance report.json`);
  }
  if (typeof o['schemaVersion'] !== 'number' || !READABLE_SCHEMA_VERSIONS.includes(o['schemaVersion'])) {
    throw new ReportFileError(`report ${file} has schemaVersion ${JSON.stringify(o['schemaVersion'])}; this iam-mfa-conformance reads versions ${READABLE_SCHEMA_VERSIONS.join(' and ')} (writes ${SCHEMA_VERSION})`);
  }
  const divergences = o['divergences'];
  const clauses = o['clauses'];
  const target = o['target'] as Record<string, unknown> | undefined;
  if (!Array.isArray(divergences) || !divergences.every((d) => d && typeof d === 'object' && typeof (d as Record<string, unknown>)['signature'] === 'string' && typeof (d as Record<string, unknown>)['clause'] === 'string')) {
    throw new ReportFileError(`report ${file} is corrupt: "divergences" must be an array of objects with a string "signature" and "clause"`);
  }
  if (!Array.isArray(clauses) || !target || typeof target['endpoint'] !== 'string') {
    throw new ReportFileError(`report ${file} is corrupt: "clauses" and "target.endpoint" are required`);
  }
  // Version 1 spelt a bare HTTP 500 "500 OK" in signatures: read it as today's signature.
  const report = data as Report;
  return { ...report, divergences: report.divergences.map((d) => ({ ...d, signature: normalizeSignature(d.signature) })) };
}

const ref = (r: Report, file: string): RunRef => ({ file, endpoint: r.target.endpoint, kind: r.target.kind, seed: r.seed, contractVersion: r.contractVersion, startedAt: r.startedAt });

/** What changed from run A to run B, by divergence signature. */
export function compareReports(a: Report, b: Report, files: { a: string; b: string } = { a: 'A', b: 'B' }): Comparison {
  const inA = new Map(a.divergences.map((d) => [d.signature, d]));
  const inB = new Map(b.divergences.map((d) => [d.signature, d]));
  const exercisedInB = (clause: string) => b.clauses.some((c) => c.id === clause && c.status !== 'untested');
  const gone = [...inA.values()].filter((d) => !inB.has(d.signature));
  const notes: string[] = [];
  if (a.contractVersion !== b.contractVersion) notes.push(`the runs checked different contract versions (${a.contractVersion} and ${b.contractVersion}): a clause may have changed meaning`);
  if (a.target.endpoint !== b.target.endpoint || a.target.kind !== b.target.kind) notes.push(`different targets: A ${a.target.endpoint} (${a.target.kind}), B ${b.target.endpoint} (${b.target.kind})`);
  if (a.seed !== b.seed || a.numRuns !== b.numRuns) notes.push(`different searches (seed ${a.seed}/${b.seed}, ${a.numRuns}/${b.numRuns} cases per property): a divergence found by one may just not have been reached by the other`);
  if (b.target.selfCheck) notes.push('B is a self-check of the embedded reference endpoint');
  return {
    a: ref(a, files.a),
    b: ref(b, files.b),
    new: [...inB.values()].filter((d) => !inA.has(d.signature)),
    fixed: gone.filter((d) => exercisedInB(d.clause)),
    unseen: gone.filter((d) => !exercisedInB(d.clause)),
    unchanged: [...inB.values()].filter((d) => inA.has(d.signature)),
    notes,
  };
}

const line = (d: ReportDivergence) => `${d.level.padEnd(6)} ${d.clause.padEnd(4)} ${d.operation}: expected ${outcomeText(d.expected)}, observed ${outcomeText(d.observed)}  [${d.signature}]`;

export function formatComparison(c: Comparison): string[] {
  const out = [`A: ${c.a.file} (${c.a.endpoint}, ${c.a.startedAt})`, `B: ${c.b.file} (${c.b.endpoint}, ${c.b.startedAt})`, ''];
  const section = (title: string, ds: readonly ReportDivergence[]) => {
    out.push(`${title} (${ds.length}):`);
    for (const d of ds) out.push(`  ${line(d)}`);
  };
  section('New in B', c.new);
  section('Fixed in B', c.fixed);
  if (c.unseen.length > 0) section('Not seen in B, clause not exercised there', c.unseen);
  section('Unchanged', c.unchanged);
  for (const n of c.notes) out.push(`note: ${n}`);
  return out;
}
