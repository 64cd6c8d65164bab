// Starts the engine in an Electron utilityProcess: out of the main process's event loop, with the
// same message protocol as the web host's forked engine.

import { utilityProcess } from 'electron';
import type { EngineToHostMessage, HostToEngineMessage } from '../contract/engineProtocol';
import { ENGINE_ENV } from '../contract/engineProtocol';
import type { EngineHandle, EngineLauncher } from '../host/engine/engineHandle';

export function utilityEngineLauncher(options: { enginePath: string; modelsDir: string; backend?: string }): EngineLauncher {
  return () => {
    const child = utilityProcess.fork(options.enginePath, [], {
      serviceName: 'SegAdapt engine',
      stdio: ['ignore', 'inherit', 'pipe'],
      env: {
        ...process.env,
        [ENGINE_ENV.modelsDir]: options.modelsDir,
        ...(options.backend ? { [ENGINE_ENV.backend]: options.backend } : {}),
      },
    });
    const handle: EngineHandle = {
      get pid() {
        return child.pid;
      },
      send: (message: HostToEngineMessage) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as EngineToHostMessage)),
      onExit: (listener) => child.on('exit', (code: number) => listener({ code, signal: null })),
      onStderr: (listener) =>
        child.stderr?.on('data', (chunk: Buffer) => {
          process.stderr.write(chunk);
          listener(chunk.toString());
        }),
      kill: () => {
        child.kill();
      },
    };
    return handle;
  };
}
