import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineEvent } from '../harness/events.js';
import type { Report } from './report.js';

/** Reporters consume events and the final report; they never call the engine back. */
export interface Reporter {
  readonly name: string;
  onEvent?(event: EngineEvent): void;
  /** Writes its output; returns the files written (if any). */
  finish?(report: Report, dir: string): Promise<string[]>;
}

/** A reporter that renders the finished report into one file of the report directory. */
export function fileReporter(name: string, fileName: string, render: (report: Report) => string): Reporter {
  return {
    name,
    async finish(report, dir) {
      await mkdir(dir, { recursive: true });
      const file = join(dir, fileName);
      await writeFile(file, render(report));
      return [file];
    },
  };
}
