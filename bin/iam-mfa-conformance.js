#!/usr/bin/env node
// The compiled CLI (dist/, built by `npm run build`, which `npm ci` runs as `prepare`). A
// checkout without dist/, or IMC_FROM_SOURCE=1, runs the TypeScript sources through tsx, a
// development dependency that an installed package never needs.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let main;
if (existsSync(compiled) && process.env.IMC_FROM_SOURCE !== '1') {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
