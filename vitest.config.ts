import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // expect.poll waits for a state the page or the host reaches (a label drawn, a preview computed,
    // a save done); its default limit of 1 s is a guess at the machine's speed that a busy two-core
    // machine can miss. It returns as soon as the state holds, so a generous limit costs nothing.
    expect: { poll: { timeout: 10_000 } },
    // End-to-end tests start Chromium; two cores are not enough to run them beside each other.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
