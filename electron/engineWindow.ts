// Runs the engine in a hidden, sandboxed window (engine/window/): there Chromium's WebGPU and the
// threaded wasm build exist, which the utilityProcess lacks (Dawn's node binding cannot run inside
// Electron, ENGINE-HOSTS.md). The window's page comes from the segadapt-engine:// scheme, served by
// host/engine/engineWindowRoutes.ts with the headers that make it cross-origin isolated, in a session of
// its own; it talks to this process over a MessageChannelMain port pair (windowEngineHandle.ts).

import { BrowserWindow, MessageChannelMain, protocol, session } from 'electron';
import path from 'node:path';
import { engineWindowRoutes } from '../host/engine/engineWindowRoutes';
import type { EngineLaunchOptions, EngineLauncher } from '../host/engine/engineHandle';
import { windowEngineHandle } from './windowEngineHandle';

export const ENGINE_SCHEME = 'segadapt-engine';
const ENGINE_PARTITION = 'segadapt-engine';
const ENGINE_PAGE = `${ENGINE_SCHEME}://app/engine/engine.html`;

/** Must run before the app is ready, in the same call as any other privileged scheme (Electron keeps only the last call). */
export const ENGINE_SCHEME_PRIVILEGES: Electron.CustomScheme = {
  scheme: ENGINE_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export interface EngineWindowOptions extends EngineLaunchOptions {
  appRoot: string;
}

let servedPartition = false;

/** After the app is ready: serves the engine window's scheme in its session and returns the launcher. */
export function engineWindowLauncher(options: EngineWindowOptions): EngineLauncher {
  const engineSession = session.fromPartition(ENGINE_PARTITION);
  if (!servedPartition) {
    engineSession.protocol.handle(ENGINE_SCHEME, engineWindowRoutes({ appRoot: options.appRoot, modelsDir: options.modelsDir }));
    // The engine window asks for nothing else: no network, no permissions beyond its own scheme.
    engineSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    servedPartition = true;
  }
  return () => {
    const window = new BrowserWindow({
      show: false,
      title: 'SegAdapt engine',
      webPreferences: {
        preload: path.join(options.appRoot, 'dist', 'electron', 'enginePreload.cjs'),
        session: engineSession,
        contextIsolation: true,
        nodeIntegration: false,
        sandbox: true,
        // A hidden window's timers and work must not be slowed down.
        backgroundThrottling: false,
      },
    });
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    const { port1, port2 } = new MessageChannelMain();
    const handle = windowEngineHandle(window, port1, port2);
    const query = options.backend ? `?backend=${encodeURIComponent(options.backend)}` : '';
    void window.loadURL(`${ENGINE_PAGE}${query}`);
    return handle;
  };
}

/** Registers the engine window's scheme as privileged (call before app ready). */
export function registerEngineScheme(): void {
  protocol.registerSchemesAsPrivileged([ENGINE_SCHEME_PRIVILEGES]);
}
