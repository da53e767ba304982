/**
 * Clock-safety soak: the code-pair, sign-in and stateful properties against the embedded reference,
 * whose clock is skewed by tens of seconds and whose step boundaries are pinned just before
 * and just after ours. Every run must report zero divergences: a verdict that depended on
 * which side of a 30-second boundary a request landed would show up here as a false alarm.
 *
 *   npm run soak                 200 runs of every code-pair, sign-in and stateful property, under every clock
 *   npm run soak -- --runs 20    the short form CI runs
 */
import { parseArgs } from 'node:util';
import { runConformance } from '../api/run-conformance.js';
import { allProperties } from '../harness/properties/index.js';
import { defaultPolicy } from '../harness/reference/policy.js';
import type { Session } from '../harness/session.js';
import { referenceTarget } from '../harness/targets/reference.js';
import { TOTP } from '../specs/index.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' }, seed: { type: 'string', default: '42' } } });
const runs = Number(values.runs);
const seed = Number(values.seed);

// Skews relative to our clock. Fractions of a step pin the endpoint's boundaries just before
// (-0.1 s) and just after (+0.1 s) ours, and mid-step; ±40 s are whole-step skews.
const phase = (s: number) => s;
const CLOCKS: Array<{ name: string; skew: number }> = [
  { name: 'in step with us', skew: 0 },
  { name: 'boundary 0.1 s before ours', skew: phase(0.1) },
  { name: 'boundary 0.1 s after ours', skew: phase(-0.1) },
  { name: 'half a step off', skew: phase(TOTP.stepSeconds / 2) },
  { name: '40 s ahead', skew: 40 },
  { name: '40 s behind', skew: -40 },
];

const families = allProperties.map((p) => p.id).filter((id) => /^(enable\.(success|wrong-codes|other-user)|lifecycle\.(resync|out-of-sync|re-enable|reuse)|signin\.(current|window|reuse|out-of-sync)|stateful\.)/.test(id));
// Every property runs --runs times under every clock.
const perClock = runs;

let divergences = 0;
let cases = 0;
let requests = 0;
const started = Date.now();
for (const clock of CLOCKS) {
  let session: Session | undefined;
  const report = await runConformance(
    {
      target: referenceTarget({ policy: defaultPolicy({ skewSeconds: clock.skew }) }),
      seed: seed + Math.round(clock.skew * 10),
      numRuns: perClock,
      include: families,
      connectTimeoutSeconds: 5,
      readTimeoutSeconds: 10,
    },
    { onSession: (s) => (session = s) },
  );
  cases += report.summary.cases;
  requests += report.summary.requests;
  divergences += report.divergences.length;
  const offset = session?.clock.offset();
  console.log(
    `${clock.name.padEnd(28)} skew ${String(clock.skew).padStart(6)} s  estimated [${offset?.lo.toFixed(2)}, ${offset?.hi.toFixed(2)}]  ${String(report.summary.cases).padStart(5)} cases  ${report.divergences.length} divergence(s)`,
  );
  for (const d of report.divergences) console.log(`  FALSE ALARM ${d.signature}: ${d.detail}`);
}
console.log(`\n${cases} cases, ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s over ${CLOCKS.length} clocks: ${divergences} divergence(s)`);
console.log(`${divergences === 0 ? 1 : 0} passed, ${divergences === 0 ? 0 : 1} failed`);
process.exitCode = divergences === 0 ? 0 : 1;
