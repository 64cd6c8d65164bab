// Drives the engine window's code in a Chromium page as its host does: opens engine.html, hands it a
// MessagePort and sends jobs over it (contract/engineProtocol.ts). Bytes cross into and out of the page
// as base64, since page.evaluate carries JSON.

import type { Browser, Page } from 'playwright-core';
import type { EngineToHostMessage } from '../../../contract/engineProtocol';
import type { JobResult, JobSpec } from '../../../contract/jobs';

type Ready = Extract<EngineToHostMessage, { type: 'ready' }>;

export interface EnginePage {
  page: Page;
  ready: Ready;
  crossOriginIsolated: boolean;
  /** Runs a job to its end: 'done' gives the result, 'failed' and 'cancelled' throw. */
  run(jobId: string, spec: JobSpec): Promise<JobResult>;
  /** Sends a job and returns at once. */
  send(jobId: string, spec: JobSpec): Promise<void>;
  cancel(jobId: string): Promise<void>;
  /** The job's last message: done, failed or cancelled. */
  outcome(jobId: string, timeoutMs?: number): Promise<EngineToHostMessage>;
  close(): Promise<void>;
}

const toWire = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  return value;
};

const fromWire = (value: unknown): unknown => {
  if (value && typeof value === 'object' && 'base64' in value && Object.keys(value).length === 1) return new Uint8Array(Buffer.from((value as { base64: string }).base64, 'base64'));
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromWire(item)]));
  return value;
};

// The page's side, typed here (this file is checked with Node's types, not the DOM's).
interface PagePort {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}
interface PageEngine {
  messages: EngineToHostMessage[];
  port: PagePort;
}
interface PageWindow {
  engine: PageEngine;
  /** Set by engineWindowPage.ts when the engine gave up. */
  engineExit?: string;
  crossOriginIsolated: boolean;
  MessageChannel: new () => { port1: PagePort; port2: object };
  postMessage(message: unknown, origin: string, transfer: object[]): void;
}

export async function openEnginePage(browser: Browser, pageUrl: string, backend: string, timeoutMs = 120_000): Promise<EnginePage> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.log(`[engine page] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) console.log(`[engine page] ${message.text()}`);
  });
  await page.goto(`${pageUrl}?backend=${backend}`);
  await page.evaluate(() => {
    const pageWindow = globalThis as unknown as PageWindow;
    const channel = new pageWindow.MessageChannel();
    const engine: PageEngine = { messages: [], port: channel.port1 };
    // Bytes go back to the test as base64 (see fromWire).
    const encode = (value: unknown): unknown => {
      if (value instanceof Uint8Array) {
        let text = '';
        for (let i = 0; i < value.length; i += 0x8000) text += String.fromCharCode(...value.subarray(i, i + 0x8000));
        return { base64: btoa(text) };
      }
      if (Array.isArray(value)) return value.map(encode);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encode(item)]));
      return value;
    };
    channel.port1.onmessage = (event) => engine.messages.push(encode(event.data) as EngineToHostMessage);
    pageWindow.engine = engine;
    pageWindow.postMessage('segadapt-engine-port', '*', [channel.port2]);
  });
  await page.waitForFunction(
    () => {
      const pageWindow = globalThis as unknown as PageWindow;
      return pageWindow.engineExit !== undefined || pageWindow.engine.messages.some((message) => message.type === 'ready');
    },
    null,
    { timeout: timeoutMs, polling: 200 },
  );
  const exit = await page.evaluate(() => (globalThis as unknown as PageWindow).engineExit);
  if (exit !== undefined) {
    await page.close();
    throw new Error(`the engine window gave up: ${exit}`);
  }
  const ready = (await page.evaluate(() => (globalThis as unknown as PageWindow).engine.messages.find((message) => message.type === 'ready'))) as Ready;
  const crossOriginIsolated = await page.evaluate(() => (globalThis as unknown as PageWindow).crossOriginIsolated);

  const send = (jobId: string, spec: JobSpec) =>
    page.evaluate(
      ({ jobId, wire }) => {
        const decode = (value: unknown): unknown => {
          if (value && typeof value === 'object' && 'base64' in value && Object.keys(value).length === 1) return Uint8Array.from(atob((value as { base64: string }).base64), (c) => c.charCodeAt(0));
          if (Array.isArray(value)) return value.map(decode);
          if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decode(item)]));
          return value;
        };
        (globalThis as unknown as PageWindow).engine.port.postMessage({ type: 'run', jobId, spec: decode(wire) });
      },
      { jobId, wire: toWire(spec) },
    );
  const outcome = async (jobId: string, timeout = 300_000) => {
    const handle = await page.waitForFunction(
      (id) => (globalThis as unknown as PageWindow).engine.messages.find((message) => 'jobId' in message && message.jobId === id && ['done', 'failed', 'cancelled'].includes(message.type)),
      jobId,
      { timeout, polling: 250 },
    );
    return fromWire(await handle.jsonValue()) as EngineToHostMessage;
  };
  return {
    page,
    ready,
    crossOriginIsolated,
    send,
    cancel: (jobId) => page.evaluate((id) => (globalThis as unknown as PageWindow).engine.port.postMessage({ type: 'cancel', jobId: id }), jobId),
    outcome,
    async run(jobId, spec) {
      await send(jobId, spec);
      const last = await outcome(jobId);
      if (last.type === 'done') return last.result;
      throw new Error(`job ${jobId} ${last.type}: ${'error' in last ? last.error : ''}`);
    },
    close: () => page.close(),
  };
}
