import { defineConfig } from 'vitest/config';

// bench/journey: the whole labeling journey in Chromium, timed (not part of npm test).
export default defineConfig({
  test: { include: ['bench/journey/*.journey.ts'], environment: 'node', testTimeout: 1_800_000, hookTimeout: 180_000, pool: 'forks' },
});
