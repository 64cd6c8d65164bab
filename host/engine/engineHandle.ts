// A running engine process as the supervisor sees it, whatever started it (fork or utilityProcess).

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
