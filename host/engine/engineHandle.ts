// A running engine process as the supervisor sees it, whatever started it (fork or utilityProcess).

import { ENGINE_ENV } from '../../contract/engineProtocol';
import type { EngineToHostMessage, HostToEngineMessage } from '../../contract/engineProtocol';

export interface EngineExit {
  code: number | null;
  signal: string | null;
}

export interface EngineHandle {
  readonly pid: number | undefined;
  send(message: HostToEngineMessage): void;
  onMessage(listener: (message: EngineToHostMessage) => void): void;
  onExit(listener: (exit: EngineExit) => void): void;
  /** Also forwards what the process writes to stderr, for error messages. */
  onStderr?(listener: (text: string) => void): void;
  kill(): void;
}

export type EngineLauncher = () => EngineHandle;

export interface EngineLaunchOptions {
  modelsDir: string;
  backend?: string;
}

/** The engine process's environment: the host's, plus where models live and any forced backend. */
export function engineEnvironment(options: EngineLaunchOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    [ENGINE_ENV.modelsDir]: options.modelsDir,
    ...(options.backend ? { [ENGINE_ENV.backend]: options.backend } : {}),
  };
}

/** Passes the engine's stderr through to the host's and to a listener (for crash messages). */
export function forwardStderr(stderr: NodeJS.ReadableStream | null | undefined, listener: (text: string) => void): void {
  stderr?.on('data', (chunk: Buffer | string) => {
    process.stderr.write(chunk);
    listener(chunk.toString());
  });
}
