// The engine window (engine/window/) as the supervisor's EngineHandle: messages over a MessagePort pair
// (MessageChannelMain), the port handed to the page once it has loaded; the renderer process going
// away is the engine exiting (render-process-gone), and kill crashes the renderer. Written over the
// few Electron shapes it uses, so tests drive it with fakes; engineWindow.ts gives it the real ones.

import { ENGINE_WINDOW_PORT_MESSAGE, type EngineToHostMessage, type HostToEngineMessage } from '../contract/engineProtocol';
import type { EngineExit, EngineHandle } from '../host/engine/engineHandle';

export interface PortMainLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export interface EngineWebContentsLike<Port extends PortMainLike = PortMainLike> {
  getOSProcessId(): number;
  on(event: 'did-finish-load', listener: () => void): void;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): void;
  on(event: 'console-message', listener: (event: { level: string; message: string }) => void): void;
  postMessage(channel: string, message: unknown, transfer: Port[]): void;
  forcefullyCrashRenderer(): void;
}

export interface EngineWindowLike<Port extends PortMainLike = PortMainLike> {
  webContents: EngineWebContentsLike<Port>;
  on(event: 'closed', listener: () => void): void;
  isDestroyed(): boolean;
  destroy(): void;
}

/** Chromium's reasons a renderer went away that are a crash or a kill, not a clean exit. */
const ABNORMAL_REASONS = new Set(['abnormal-exit', 'killed', 'crashed', 'oom', 'launch-failed', 'integrity-failure']);

/** Wraps a just-created engine window and its port pair; `hostPort` stays here, `enginePort` goes to the page. */
export function windowEngineHandle<Port extends PortMainLike>(window: EngineWindowLike<Port>, hostPort: PortMainLike, enginePort: Port): EngineHandle {
  const messageListeners: ((message: EngineToHostMessage) => void)[] = [];
  const exitListeners: ((exit: EngineExit) => void)[] = [];
  const stderrListeners: ((text: string) => void)[] = [];
  let pid: number | undefined;
  let exited = false;

  const exit = (how: EngineExit) => {
    if (exited) return;
    exited = true;
    hostPort.close();
    if (!window.isDestroyed()) window.destroy();
    for (const listener of exitListeners) listener(how);
  };

  hostPort.on('message', (event) => {
    for (const listener of messageListeners) listener(event.data as EngineToHostMessage);
  });
  hostPort.start();
  window.webContents.on('did-finish-load', () => {
    pid = window.webContents.getOSProcessId();
    window.webContents.postMessage(ENGINE_WINDOW_PORT_MESSAGE, null, [enginePort]);
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    exit(ABNORMAL_REASONS.has(details.reason) ? { code: null, signal: details.reason } : { code: details.exitCode, signal: null });
  });
  // The page closes its window when the engine gave up (no backend left): the engine's exit code 3.
  window.on('closed', () => exit({ code: 3, signal: null }));
  window.webContents.on('console-message', (event) => {
    if (event.level !== 'error') return;
    for (const listener of stderrListeners) listener(`${event.message}\n`);
  });

  return {
    get pid() {
      return pid;
    },
    send: (message: HostToEngineMessage) => {
      if (!exited) hostPort.postMessage(message);
    },
    onMessage: (listener) => messageListeners.push(listener),
    onExit: (listener) => exitListeners.push(listener),
    onStderr: (listener) => stderrListeners.push(listener),
    kill: () => {
      if (exited) return;
      window.webContents.forcefullyCrashRenderer();
      // A renderer that does not go within a moment is gone with its window.
      setTimeout(() => exit({ code: null, signal: 'killed' }), 1000).unref?.();
    },
  };
}
