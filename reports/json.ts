import { redact, redactDeep } from './redact.js';
import type { Report } from './report.js';
import { fileReporter, type Reporter } from './reporter.js';

/**
 * report.json: the report as data (schema: reports/report.schema.json), redacted value by
 * value and then once more as text, in case a pattern only shows once escaped.
 */
export function reportJson(report: Report): string {
  return redact(JSON.stringify(redactDeep(report), null, 2)) + '\n';
}

export const jsonReporter: Reporter = fileReporter('json', 'report.json', reportJson);
