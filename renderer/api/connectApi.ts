// The renderer's one way to reach the host: window.segadapt in Electron, the WebSocket client in web mode.

import type { SegAdaptApi } from '../../contract/api';
import { createWebSocketApi } from './webSocketApi';

declare global {
  interface Window {
    segadapt?: SegAdaptApi;
  }
}

export async function connectApi(): Promise<SegAdaptApi> {
  if (window.segadapt) return window.segadapt;
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketApi(`${protocol}//${window.location.host}/api?token=${encodeURIComponent(token)}`);
}
