/**
 * The package root: `import { runConformance } from 'iam-mfa-conformance'`. One function runs
 * the suite as `iam-mfa-conformance run` does; the types describe its options, its events and
 * the report it resolves to (the object report.json holds).
 */
export { runConformance, exitCodeOf, type RunConformanceOptions } from './api/run-conformance.js';
export type { ConnectionOptions } from './api/connection.js';
export type { ConformanceEvent, ConformanceListener, Notice, ReportWritten, TargetOpened } from './api/events.js';
export { OptionsError } from './api/errors.js';
export { EXIT, type ExitCode } from './api/exit-codes.js';
export { EndpointError } from './harness/client/errors.js';
export type { Divergence, EngineEvent, Finding, Measurement, OutcomeView } from './harness/events.js';
export type { Target, TargetHandle } from './harness/targets/target.js';
export type { Reporter } from './reports/reporter.js';
export { failing, type BaselineSummary, type ClauseStatus, type Report, type ReportDivergence, type ReportTarget, type RunInfo, type StopReason } from './reports/report.js';
