import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { connectApi } from './api/connectApi';
import { startProjectSync } from './sync/projectSync';
import { SyncNotice } from './sync/SyncNotice';
import './app/app.css';

const root = createRoot(document.getElementById('root')!);
connectApi()
  .then(async (api) => {
    // Before the app reads its store: restore it from the host copy when it is empty or behind.
    root.render(<div style={{ padding: 24, font: '14px system-ui, sans-serif', color: '#aaa' }}>Checking the host copy of your projects…</div>);
    const sync = await startProjectSync(api, window.localStorage);
    root.render(
      <StrictMode>
        <App api={api} />
        <SyncNotice sync={sync} />
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(<div className="fatal">SegAdapt could not reach its host: {error instanceof Error ? error.message : String(error)}</div>);
  });
