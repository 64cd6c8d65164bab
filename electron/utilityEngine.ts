// Starts the engine in an Electron utilityProcess: out of the main process's event loop, with the
// same message protocol as the web host's forked engine.

import { utilityProcess } from 'electron';
import type { EngineToHostMessage, HostToEngineMessage } from '../contract/engineProtocol';
import { engineEnvironment, forwardStderr } from '../host/engine/engineHandle';
import type { EngineHandle, EngineLaunchOptions, EngineLauncher } from '../host/engine/engineHandle';

export function utilityEngineLauncher(options: EngineLaunchOptions & { enginePath: string }): EngineLauncher {
  return () => {
    const child = utilityProcess.fork(options.enginePath, [], {
      serviceName: 'SegAdapt engine',
      stdio: ['ignore', 'inherit', 'pipe'],
      env: engineEnvironment(options),
    });
    const handle: EngineHandle = {
      get pid() {
        return child.pid;
      },
      send: (message: HostToEngineMessage) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as EngineToHostMessage)),
      onExit: (listener) => child.on('exit', (code: number) => listener({ code, signal: null })),
      onStderr: (listener) => forwardStderr(child.stderr, listener),
      kill: () => {
        child.kill();
      },
    };
    return handle;
  };
}
