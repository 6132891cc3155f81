import { defineConfig } from 'vitest/config';

// One root config; each package is a project. Sibling packages resolve to their TypeScript
// sources through the `source` export condition, so tests never run against a stale build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: ['packages/*', 'examples/*', 'bench'],
    testTimeout: 60_000,
  },
});
