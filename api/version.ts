import { existsSync, readFileSync } from 'node:fs';

/**
 * The package's own package.json: one level up from the sources (api/), two from the
 * compiled copy (dist/api/).
 */
function packageJson(): { name: string; version: string } {
  for (const rel of ['../package.json', '../../package.json']) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'iam-mfa-conformance' && pkg.version !== undefined) return { name: pkg.name, version: pkg.version };
  }
  throw new Error('iam-mfa-conformance: its package.json is missing');
}

export const TOOL = packageJson();
