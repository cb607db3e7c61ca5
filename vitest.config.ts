import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One project per package; `@warden/source` resolves workspace packages to their TypeScript
// sources, so tests need no build. `ssr.resolve.conditions` is what applies to node tests.
const sourceConditions = { ssr: { resolve: { conditions: ['@warden/source', 'import', 'node', 'default'] } } };

export default defineConfig({
  test: {
    projects: [
      ...readdirSync('packages').map((name) => ({
        extends: true as const,
        test: {
          name,
          include: [`packages/${name}/test/**/*.test.ts`],
          exclude: ['**/test/system/**', '**/node_modules/**'],
          typecheck: { enabled: true, include: [`packages/${name}/test/**/*.test-d.ts`], tsconfig: `packages/${name}/tsconfig.json` },
        },
      })),
      // Every example runs in CI: examples/test runs each one as a user would (a child process),
      // and an example's own tests (the vendor plugin's conformance test) run in process.
      {
        extends: true as const,
        test: {
          name: 'examples',
          include: ['examples/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
    ],
    testTimeout: 20_000,
  },
  ...sourceConditions,
});
