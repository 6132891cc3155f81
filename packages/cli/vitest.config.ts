import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Projects do not inherit the root's test options. The end-to-end tests spawn the command
    // (each start-up compiles the pipeline schema), several at a time on a shared machine.
    testTimeout: 60_000,
    // The end-to-end tests spawn the built command: build it first when it is stale.
    globalSetup: ['test/global-setup.ts'],
  },
});
