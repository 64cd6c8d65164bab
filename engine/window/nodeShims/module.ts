// node:module in the engine window. register() installs a Node loader hook (registerGradients.ts uses one
// so Node can load tfjs-core's extensionless ES modules); the bundle has resolved those imports already,
// so there it does nothing. Nothing is required at run time.

import { createRequire } from './unavailable';

export { createRequire };
export function register(): void {}

export default { createRequire, register };
