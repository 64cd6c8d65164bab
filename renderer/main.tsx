import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { connectApi } from './api/connectApi';
import './app/app.css';

const root = createRoot(document.getElementById('root')!);
connectApi()
  .then((api) => {
    root.render(
      <StrictMode>
        <App api={api} />
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(<div className="fatal">SegAdapt could not reach its host: {error instanceof Error ? error.message : String(error)}</div>);
  });
