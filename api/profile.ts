import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OptionsError } from './errors.js';

/** Section names of an INI file; a missing or unreadable file has none. */
function sections(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]\s*$/gm)].map((m) => m[1] ?? '');
}

/**
 * Profiles the AWS CLI knows, read the way botocore reads them: `[profile NAME]` and
 * `[default]` in the config file, any section in the credentials file.
 */
export function knownProfiles(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const home = env['HOME'] ?? homedir();
  const config = env['AWS_CONFIG_FILE'] ?? join(home, '.aws', 'config');
  const credentials = env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(home, '.aws', 'credentials');
  const out = new Set<string>();
  for (const s of sections(config)) {
    if (s === 'default') out.add(s);
    else if (s.startsWith('profile ')) out.add(s.slice('profile '.length).trim());
  }
  for (const s of sections(credentials)) out.add(s);
  return out;
}

/**
 * A profile the AWS CLI would refuse ("The config profile (x) could not be found") is refused
 * here too, before anything starts: otherwise a loopback endpoint silently gets dummy
 * credentials and the typo goes unnoticed.
 */
export function checkProfile(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const name = flag ?? (env['AWS_PROFILE'] || undefined);
  if (name === undefined) return;
  if (knownProfiles(env).has(name)) return;
  const source = flag !== undefined ? '--profile' : 'AWS_PROFILE';
  throw new OptionsError(`the config profile (${name}) given by ${source} could not be found in ${env['AWS_CONFIG_FILE'] ?? '~/.aws/config'} or ${env['AWS_SHARED_CREDENTIALS_FILE'] ?? '~/.aws/credentials'}`);
}
