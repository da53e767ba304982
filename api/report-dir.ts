import { mkdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OptionsError } from './errors.js';

export interface ReportDir {
  readonly path: string;
  /** Removes the directories this check created, if the run wrote nothing into them. */
  discardIfEmpty(): void;
}

const why = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Makes sure the reports can be written before anything is started: a run whose report
 * cannot be saved would lose its verdict after minutes of work. Directories are created one
 * by one (node's recursive mkdir never returns under /proc, where mkdir says ENOENT for a
 * parent that exists), then a probe file is written and removed.
 */
export function prepareReportDir(path: string): ReportDir {
  const missing: string[] = [];
  let p = path;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      // ENOTDIR: an ancestor is a file; walking up finds it and says so.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new OptionsError(`--report-dir ${path}: cannot use ${p} (${why(e)})`);
      const parent = dirname(p);
      if (parent === p) throw new OptionsError(`--report-dir ${path}: cannot use ${p} (${why(e)})`);
      missing.unshift(p);
      p = parent;
      continue;
    }
    if (!isDir) throw new OptionsError(`--report-dir ${path}: ${p} is not a directory`);
    break;
  }
  const created: string[] = [];
  const discard = () => {
    for (const d of [...created].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        return; // not empty (or gone): it is no longer only ours
      }
    }
  };
  for (const d of missing) {
    try {
      mkdirSync(d);
      created.push(d);
    } catch (e) {
      discard();
      throw new OptionsError(`--report-dir ${path}: cannot create ${d} (${why(e)})`);
    }
  }
  const probe = join(path, `.iam-mfa-conformance-write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (e) {
    discard();
    throw new OptionsError(`--report-dir ${path} is not writable (${why(e)})`);
  }
  return { path, discardIfEmpty: discard };
}
