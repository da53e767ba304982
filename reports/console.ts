import type { EngineEvent } from '../harness/events.js';
import { redact } from './redact.js';
import type { Report, ReportDivergence } from './report.js';
import type { Reporter } from './reporter.js';

export interface ConsoleOptions {
  readonly write: (line: string) => void;
  readonly tty: boolean;
  readonly debug: boolean;
  readonly strict: boolean;
}

const outcome = (o: { status: number; code: string | null }) => `${o.status} ${o.code ?? 'OK'}`;

export function describeDivergence(d: ReportDivergence): string[] {
  const lines = [
    `${d.id} [${d.level}${d.kind === 'not-implemented' ? ', not implemented' : ''}] ${d.clause} ${d.operation}: expected ${outcome(d.expected)}, observed ${outcome(d.observed)}${d.baseline === 'known' ? ' (known, in baseline)' : ''}`,
    `   ${d.detail}`,
    `   source: ${d.source}`,
    `   minimal case (${d.steps.length} request${d.steps.length === 1 ? '' : 's'}): ${d.counterexample.label}`,
  ];
  d.steps.forEach((s, i) => {
    const params = Object.entries(s.params)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ');
    lines.push(`     ${i + 1}. ${s.action} ${params}${s.codes ? ` [${s.codes}]` : ''} -> ${s.status} ${s.code ?? 'OK'}`);
  });
  lines.push(`   replay: ${d.replay}`);
  return lines;
}

/** Plain lines in CI and pipes; a one-line progress indicator only on a terminal. */
export function consoleReporter(options: ConsoleOptions): Reporter {
  let requests = 0;
  let lastProgress = 0;
  const progress = (text: string) => {
    if (!options.tty) return;
    const now = Date.now();
    if (now - lastProgress < 100) return;
    lastProgress = now;
    process.stderr.write(`\r\x1b[2K${text}`);
  };
  const clearProgress = () => options.tty && process.stderr.write('\r\x1b[2K');
  return {
    name: 'console',
    onEvent(e: EngineEvent) {
      switch (e.type) {
        case 'run-started':
          options.write(`iam-mfa-conformance: ${e.selfCheck ? 'SELF-CHECK against the embedded reference endpoint' : `target ${e.endpoint}`} (seed ${e.seed})`);
          break;
        case 'property-started':
          clearProgress();
          if (!options.tty) options.write(`  property ${e.property} [${e.clauses.join(', ')}]`);
          progress(`  ${e.property}`);
          break;
        case 'request':
          requests++;
          progress(`  ${requests} requests, last ${e.action} -> ${e.status}`);
          if (options.debug) {
            clearProgress();
            options.write(redact(`  > ${e.action} via ${e.via}: ${e.wire ?? ''}`));
            options.write(redact(`  < ${e.status} ${e.response ?? ''}`));
          }
          break;
        case 'divergence':
          clearProgress();
          options.write(`  ! ${e.divergence.finding.level} ${e.divergence.finding.clause} ${e.divergence.finding.action}: ${e.divergence.finding.detail}`);
          break;
        case 'warning':
          clearProgress();
          options.write(`  warning: ${e.message}`);
          break;
        default:
          break;
      }
    },
    async finish(report: Report) {
      clearProgress();
      const w = options.write;
      w('');
      if (report.target.selfCheck) w('SELF-CHECK: this run tested the embedded reference endpoint, not an external implementation.');
      w(`Clauses (${report.clauses.length}):`);
      const rows = report.clauses.map((c) => `  ${c.id.padEnd(4)} ${c.level.padEnd(6)} ${c.status.padEnd(15)} ${c.title}`);
      rows.forEach((r) => w(r));
      w('');
      if (report.divergences.length === 0) w('No divergences.');
      for (const d of report.divergences) describeDivergence(d).forEach((l) => w(redact(l)));
      if (report.measurements.length > 0) {
        w('');
        w('Measured (OPEN points, never a failure):');
        for (const m of report.measurements) w(`  ${m.clause} ${m.question}: ${m.subject} -> ${m.value} (x${m.count})`);
      }
      for (const warning of report.warnings) w(`warning: ${warning}`);
      w('');
      const s = report.summary;
      w(`${s.cases} cases, ${s.requests} requests, ${(report.durationMs / 1000).toFixed(1)} s: ${s.must} MUST, ${s.should} SHOULD divergence(s), ${s.notImplemented} not implemented${options.strict ? ' (strict)' : ''}`);
      return [];
    },
  };
}
