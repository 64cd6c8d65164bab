import { useMemo } from 'react';
import type { SegAdaptApi } from '../../contract/api';
import { EnginePanel } from '../jobs/EnginePanel';
import { EngineStore } from '../jobs/engineStore';

export function App({ api }: { api: SegAdaptApi }) {
  const engineStore = useMemo(() => new EngineStore(api), [api]);
  return (
    <div className="app-layout">
      <aside className="sidebar" aria-label="Projects and images">
        <h1 className="brand">SegAdapt</h1>
      </aside>
      <main className="canvas-area" aria-label="Canvas"></main>
      <aside className="right-panel" aria-label="Details">
        <EnginePanel store={engineStore} />
      </aside>
    </div>
  );
}
