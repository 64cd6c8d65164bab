import { defineConfig } from 'vitest/config';

// Unit tests: engine, host, contract and headless renderer logic. End-to-end tests have their own config.
export default defineConfig({
  test: {
    include: ['{contract,engine,host,renderer,electron,tests/unit}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
