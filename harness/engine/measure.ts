import { acceptanceWindowProbe } from '../properties/window.js';
import type { CaseRunner } from './cases.js';

/**
 * After the properties: the OPEN acceptance window (with `measure`), what settling took
 * (S3), and the endpoint's code clock where it is off its Date header (E8T). None of it is
 * ever a verdict.
 */
export async function measureAfter(runner: CaseRunner, measure: boolean): Promise<void> {
  const { tally, settler, codeClock } = runner;
  const probes = measure ? [acceptanceWindowProbe(() => codeClock.offset)] : [];
  for (const probe of probes) {
    if (runner.halted()) break;
    const found = await probe.measure(runner.measureCase);
    runner.rethrow();
    for (const m of found) tally.measure(m, `${m.clause}|${m.subject}|probe`, 'once', m.clause);
  }
  for (const m of settler.measurements) tally.measure(m, `${m.clause}|${m.subject}|${m.value}`, 'add', 'S3');
  if (settler.waits > 0 || tally.exercised.has('S3')) tally.measure(settler.total(), 'S3|total', 'once');
  if (codeClock.offset !== 0) {
    const m = { clause: 'E8T' as const, question: 'code clock and Date header', subject: 'codes sent for the Date header step plus a correction', value: `${codeClock.offset} step(s), after refusals of current pairs: ${codeClock.readings.map((r) => `${r.lo}..${r.hi}`).join(', ')} accepted` };
    tally.measure(m, `${m.clause}|${m.subject}|clock`, 'once', 'E8T');
  }
}
