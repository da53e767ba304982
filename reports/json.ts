import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redact } from './redact.js';
import type { Report } from './report.js';
import type { Reporter } from './reporter.js';

export function reportJson(report: Report): string {
  return redact(JSON.stringify(report, null, 2)) + '\n';
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
