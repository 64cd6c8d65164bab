// Removes the previous run's results so the summary never counts stale ones.
import { rmSync } from 'node:fs';
rmSync(new URL('../test-results', import.meta.url), { recursive: true, force: true });
