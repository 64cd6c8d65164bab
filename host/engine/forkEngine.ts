// Starts the engine as a Node child process (web host, CLI-side tests). Electron uses utilityProcess.

import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EngineToHostMessage, HostToEngineMessage } from '../../contract/engineProtocol';
import { engineEnvironment, forwardStderr } from './engineHandle';
import type { EngineHandle, EngineLaunchOptions, EngineLauncher } from './engineHandle';

export interface ForkEngineOptions extends EngineLaunchOptions {
  appRoot: string;
}

/** The built engine bundle when there is one, else the TypeScript source run through tsx. */
export function engineEntry(appRoot: string): { script: string; execArgv: string[] } {
  const built = path.join(appRoot, 'dist', 'engine', 'engineProcess.mjs');
  if (process.env.SEGADAPT_ENGINE_FROM_SOURCE !== '1' && existsSync(built)) return { script: built, execArgv: [] };
  return { script: path.join(appRoot, 'engine', 'process', 'engineProcess.ts'), execArgv: ['--import', 'tsx'] };
}

export function forkEngineLauncher(options: ForkEngineOptions): EngineLauncher {
  return () => {
    const entry = engineEntry(options.appRoot);
    const child = fork(entry.script, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: engineEnvironment(options),
    });
    const handle: EngineHandle = {
      get pid() {
        return child.pid;
      },
      send: (message: HostToEngineMessage) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as EngineToHostMessage)),
      onExit: (listener) => child.on('exit', (code, signal) => listener({ code, signal })),
      onStderr: (listener) => forwardStderr(child.stderr, listener),
      kill: () => {
        child.kill('SIGKILL');
      },
    };
    return handle;
  };
}
