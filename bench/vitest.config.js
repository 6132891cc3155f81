import { defineProject } from 'vitest/config';

// The benchmark's smoke test (bench/bench.test.mjs): checks that `npm run bench` still works, on
// the built packages, with tiny runs. It measures nothing.
export default defineProject({
  test: { name: 'bench', include: ['*.test.mjs'], testTimeout: 120_000 },
});
