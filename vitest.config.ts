import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers and subprocess CLI runs start in some suites; keep them from racing for 2 cores.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
