import { defineConfig } from 'vitest/config';

// End-to-end tests: start the web host (and Electron where its binary exists) and drive real Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
