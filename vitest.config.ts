import { defineConfig } from 'vitest/config';

/**
 * `unit` is what `npm test` runs: no network beyond loopback servers the tests start. The
 * slow suites (emulators, containers, soak, browser, aws-cli) are projects of their own, run
 * by their own npm scripts from .ci/run.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/{specs,generators,harness,reference,reports,cli}/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'emulators', include: ['test/emulators/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 300_000, fileParallelism: false } },
      { test: { name: 'containers', include: ['test/containers/**/*.test.ts'], testTimeout: 900_000, hookTimeout: 900_000, fileParallelism: false } },
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      // The printed AWS CLI reproductions, run with the real AWS CLI and oathtool against moto.
      // npm pack, installed into a temporary project, imported and run from there.
      { test: { name: 'packed', include: ['test/packed/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 240_000, fileParallelism: false } },
      { test: { name: 'aws-cli', include: ['test/aws-cli/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
