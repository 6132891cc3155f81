import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'sia-example-browser', include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
