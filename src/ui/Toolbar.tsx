import { memo } from 'react';
import { folderPicker } from '../store/folder-picker.ts';
import { useAppStore } from '../store/index.ts';
import { DiffButton } from './diff/DiffButton.tsx';
import { TidyLayoutButton } from './graph/TidyLayoutButton.tsx';
import { OpenModelButton } from './OpenModelButton.tsx';
import { OptimizeControls } from './OptimizeControls.tsx';
import { RecipeButtons } from './recipe/RecipeButtons.tsx';
import { SearchBox } from './SearchBox.tsx';
import { StatusCounts } from './StatusCounts.tsx';

export const Toolbar = memo(function Toolbar() {
  const snapshot = useAppStore((s) => s.snapshot);
  const busy = useAppStore((s) => s.busy);
  const loading = useAppStore((s) => s.loading);
  const fuseAll = useAppStore((s) => s.fuseAll);
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const download = useAppStore((s) => s.download);
  const saveToFolder = useAppStore((s) => s.saveToFolder);
  const cancelLoad = useAppStore((s) => s.cancelLoad);
  const runCompare = useAppStore((s) => s.runCompare);
  const comparing = useAppStore((s) => s.compareProgress !== undefined);
  const idle = busy === undefined && loading === undefined;
  return (
    <header className="toolbar">
      <h1>bnfold</h1>
      <OpenModelButton />
      <button
        type="button"
        onClick={() => void fuseAll()}
        disabled={!idle || !snapshot || snapshot.counts.fusible === 0}
      >
        Fuse all
      </button>
      <OptimizeControls />
      <button type="button" onClick={() => void undo()} disabled={!idle || !snapshot?.canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button
        type="button"
        onClick={() => void redo()}
        disabled={!idle || !snapshot?.canRedo}
        title="Redo (Ctrl+Shift+Z)"
      >
        Redo
      </button>
      <TidyLayoutButton />
      <RecipeButtons />
      <button type="button" onClick={() => void download()} disabled={!idle || !snapshot}>
        Download
      </button>
      {folderPicker() && (
        <button
          type="button"
          onClick={() => void saveToFolder()}
          disabled={!idle || !snapshot}
          title="Write the model and its side files into a folder you choose, under their own names"
        >
          Save to folder…
        </button>
      )}
      <button type="button" onClick={() => void runCompare()} disabled={!idle || !snapshot || comparing}>
        Compare
      </button>
      <DiffButton />
      <SearchBox />
      <span className="spacer" />
      {(loading || busy) && (
        <span className="progress" aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          {loading ? `Reading ${loading}…` : busy}
          {loading && (
            <button type="button" className="small" onClick={() => void cancelLoad()}>
              Cancel
            </button>
          )}
        </span>
      )}
      <StatusCounts />
    </header>
  );
});
