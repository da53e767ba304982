import { compareReports, formatComparison, readReport, ReportFileError } from '../../reports/compare.js';
import { redact, redactDeep } from '../../reports/redact.js';
import { parse } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';

export const COMPARE_HELP = `Usage: iam-mfa-conformance compare A.json B.json [--json]

Compares two report.json files by divergence signature: new (in B only), fixed (in A only,
with B exercising the clause) and unchanged. A and B can be two versions of one
implementation or two targets.

  --json      print the comparison as JSON

Exit codes: 0 nothing new in B, 1 new divergences in B, 2 unreadable or foreign input.
`;

export async function compareCommand(argv: string[], deps: { write: (l: string) => void }): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true, 'compare');
  if (values.help) {
    deps.write(COMPARE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError(`compare takes two report.json files, got ${positionals.length} (see 'iam-mfa-conformance compare --help')`);
  const [fileA, fileB] = positionals as [string, string];
  let comparison;
  try {
    comparison = compareReports(await readReport(fileA), await readReport(fileB), { a: fileA, b: fileB });
  } catch (e) {
    if (e instanceof ReportFileError) throw new UsageError(e.message);
    throw e;
  }
  // Report files are redacted when written, but one edited by hand or by another tool may not be.
  if (values.json) deps.write(JSON.stringify(redactDeep(comparison), null, 2));
  else for (const l of formatComparison(comparison)) deps.write(redact(l));
  return comparison.new.length > 0 ? EXIT.divergences : EXIT.ok;
}
