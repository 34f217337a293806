import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // End-to-end tests start Chromium; two cores are not enough to run them beside each other.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
