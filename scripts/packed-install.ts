/**
 * The package as a user gets it: `npm pack` of this checkout, installed from the tarball into
 * a fresh project of its own with the production dependencies only. Used by the packed-install
 * test (does `import 'iam-mfa-conformance'` work?) and by the benchmark (how big is it?).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Packed {
  /** The tarball. */
  readonly tarball: string;
  /** Paths inside it, without the leading `package/`. */
  readonly files: readonly string[];
  /** The project it is installed in (node_modules/iam-mfa-conformance). */
  readonly project: string;
}

const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Packs the checkout (its `prepare` builds dist/) and installs the tarball into a new temporary project. */
export function packAndInstall(base = mkdtempSync(join(tmpdir(), 'imc-packed-'))): Packed {
  const out = join(base, 'tarball');
  mkdirSync(out, { recursive: true });
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', out], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error('npm pack said nothing');
  const project = join(base, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'imc-packed-install', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  // Offline from npm's cache when it can be: the dependencies are the checkout's own.
  npm(['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', join(out, info.filename)], project);
  return { tarball: join(out, info.filename), files: info.files.map((f) => f.path), project };
}

/** Bytes on disk under `dir` (files only, symlinks not followed), as `du -sb` counts them. */
export function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}
