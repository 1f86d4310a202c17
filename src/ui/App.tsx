import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { ComparePanel } from './compare/ComparePanel.tsx';
import { DropOverlay } from './DropOverlay.tsx';
import { DiffView } from './diff/DiffView.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { EditHistory } from './edit/EditHistory.tsx';
import { IoPanel } from './edit/IoPanel.tsx';
import { GraphCanvas } from './graph/GraphCanvas.tsx';
import { OfflineNotice } from './OfflineNotice.tsx';
import { CandidateList } from './panel/CandidateList.tsx';
import { Inspector } from './panel/Inspector.tsx';
import { OptimizeReport } from './panel/OptimizeReport.tsx';
import { SummaryPanel } from './panel/SummaryPanel.tsx';
import { SaveNotice } from './SaveNotice.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useFileDrop } from './useFileDrop.ts';
import { useShortcuts } from './useShortcuts.ts';
import { useUnsavedGuard } from './useUnsavedGuard.ts';

function Workspace() {
  useShortcuts();
  useUnsavedGuard();
  return (
    <div className="workspace">
      <GraphCanvas />
      <DiffView />
      <aside className="side-panel" aria-label="Side panel">
        <ComparePanel />
        <Inspector />
        <EditHistory />
        <IoPanel />
        <OptimizeReport />
        <CandidateList />
        <SummaryPanel />
      </aside>
    </div>
  );
}

export function App() {
  const loadSample = useAppStore((s) => s.loadSample);
  const dragging = useFileDrop();

  useEffect(() => {
    void loadSample();
  }, [loadSample]);

  return (
    <ReactFlowProvider>
      <div className={dragging ? 'app dragging' : 'app'}>
        <Toolbar />
        <ErrorAlert />
        <SaveNotice />
        <OfflineNotice />
        <Workspace />
        {dragging && <DropOverlay />}
      </div>
    </ReactFlowProvider>
  );
}
