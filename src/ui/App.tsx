import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { OpenModelButton } from './OpenModelButton.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import { useFileDrop } from './useFileDrop.ts';

export function App() {
  const loadSample = useAppStore((s) => s.loadSample);
  const loading = useAppStore((s) => s.loading);
  const dragging = useFileDrop();

  useEffect(() => {
    void loadSample();
  }, [loadSample]);

  return (
    <div className={dragging ? 'app dragging' : 'app'}>
      <header className="toolbar">
        <h1>bnfold</h1>
        <span className="muted tagline">
          Fold BatchNormalization into convolutions. Your model never leaves this page.
        </span>
        <span className="spacer" />
        {loading && (
          <span className="loading" aria-busy="true">
            Reading {loading}…
          </span>
        )}
        <OpenModelButton />
      </header>
      <ErrorAlert />
      <main>
        <SummaryPanel />
      </main>
      {dragging && <div className="drop-overlay">Drop an ONNX model to open it</div>}
    </div>
  );
}
