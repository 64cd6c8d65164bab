#!/usr/bin/env node
// `npx segadapt ...`: runs the TypeScript CLI through tsx (a runtime dependency), no build step needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../engine/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
