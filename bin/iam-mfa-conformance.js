#!/usr/bin/env node
// The sources are TypeScript run through tsx, so `npm ci` is the whole install: no build step
// that could leave a stale copy behind.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
