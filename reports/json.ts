import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redact, redactDeep } from './redact.js';
import type { Report } from './report.js';
import type { Reporter } from './reporter.js';

/**
 * report.json: the report as data (schema: reports/report.schema.json), redacted value by
 * value and then once more as text, in case a pattern only shows once escaped.
 */
export function reportJson(report: Report): string {
  return redact(JSON.stringify(redactDeep(report), null, 2)) + '\n';
}

export const jsonReporter: Reporter = {
  name: 'json',
  async finish(report, dir) {
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'report.json');
    await writeFile(file, reportJson(report));
    return [file];
  },
};
