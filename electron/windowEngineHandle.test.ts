import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { ENGINE_WINDOW_PORT_MESSAGE } from '../contract/engineProtocol';
import type { EngineExit } from '../host/engine/engineHandle';
import { windowEngineHandle, type EngineWindowLike, type PortMainLike } from './windowEngineHandle';

class FakePort extends EventEmitter implements PortMainLike {
  sent: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  start() {
    this.started = true;
  }
  close() {
    this.closed = true;
  }
}

function fakeWindow() {
  const events = new EventEmitter();
  const webContents = Object.assign(events, {
    transferred: [] as { channel: string; ports: PortMainLike[] }[],
    crashes: 0,
    getOSProcessId: () => 4242,
    postMessage: (channel: string, _message: unknown, ports: PortMainLike[]) => {
      webContents.transferred.push({ channel, ports });
    },
    forcefullyCrashRenderer: () => {
      webContents.crashes++;
      events.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
    },
  });
  let destroyed = false;
  const windowEvents = new EventEmitter();
  const window = Object.assign(windowEvents, {
    webContents,
    isDestroyed: () => destroyed,
    destroy: () => {
      destroyed = true;
      windowEvents.emit('closed');
    },
  });
  return window as typeof window & EngineWindowLike;
}

function started() {
  const window = fakeWindow();
  const hostPort = new FakePort();
  const enginePort = new FakePort();
  const handle = windowEngineHandle(window, hostPort, enginePort);
  const exits: EngineExit[] = [];
  handle.onExit((exit) => exits.push(exit));
  return { window, hostPort, enginePort, handle, exits };
}

describe('the engine window as an engine handle', () => {
  it('hands the engine its port once the page has loaded, and carries messages both ways', () => {
    const { window, hostPort, enginePort, handle } = started();
    const received: unknown[] = [];
    handle.onMessage((message) => received.push(message));
    handle.send({ type: 'run', jobId: 'a', spec: { kind: 'selftest', steps: 1, matrixSize: 8 } });
    expect(window.webContents.transferred).toEqual([]);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.transferred).toEqual([{ channel: ENGINE_WINDOW_PORT_MESSAGE, ports: [enginePort] }]);
    expect(handle.pid).toBe(4242);
    expect(hostPort.started).toBe(true);
    // Sent before the page loaded: MessagePorts queue it until the other end starts.
    expect(hostPort.sent).toEqual([{ type: 'run', jobId: 'a', spec: { kind: 'selftest', steps: 1, matrixSize: 8 } }]);
    hostPort.emit('message', { data: { type: 'cancelled', jobId: 'a' } });
    expect(received).toEqual([{ type: 'cancelled', jobId: 'a' }]);
  });

  it('reports a crashed renderer once, as a kill, and closes what is left', () => {
    const { window, hostPort, handle, exits } = started();
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(exits).toEqual([{ code: null, signal: 'crashed' }]);
    expect(window.isDestroyed()).toBe(true);
    expect(hostPort.closed).toBe(true);
    handle.send({ type: 'cancel', jobId: 'x' });
    expect(hostPort.sent).toEqual([]);
  });

  it('kill crashes the renderer (forcefullyCrashRenderer) and is one exit', () => {
    const { window, handle, exits } = started();
    handle.kill();
    handle.kill();
    expect(window.webContents.crashes).toBe(1);
    expect(exits).toEqual([{ code: null, signal: 'killed' }]);
  });

  it('a kill that the renderer ignores still ends the engine within a second', () => {
    vi.useFakeTimers();
    try {
      const { window, handle, exits } = started();
      window.webContents.forcefullyCrashRenderer = () => {};
      handle.kill();
      expect(exits).toEqual([]);
      vi.advanceTimersByTime(1000);
      expect(exits).toEqual([{ code: null, signal: 'killed' }]);
      expect(window.isDestroyed()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a page that closes its window (the engine found no backend) exits with code 3, and its errors reach stderr', () => {
    const { window, handle, exits } = started();
    const stderr: string[] = [];
    handle.onStderr!((text) => stderr.push(text));
    window.webContents.emit('console-message', { level: 'info', message: 'loaded' });
    window.webContents.emit('console-message', { level: 'error', message: 'no usable tfjs backend' });
    window.emit('closed');
    expect(stderr).toEqual(['no usable tfjs backend\n']);
    expect(exits).toEqual([{ code: 3, signal: null }]);
  });
});
