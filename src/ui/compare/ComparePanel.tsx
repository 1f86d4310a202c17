import { memo, useMemo } from 'react';
import { symbolicDims } from '../../compare/inputs.ts';
import { progressText } from '../../compare/progress.ts';
import { useAppStore } from '../../store/index.ts';
import { CompareOptions } from './CompareOptions.tsx';
import { CompareResults } from './CompareResults.tsx';
import { CompareWithFile } from './CompareWithFile.tsx';
import { LayersSection } from './LayersSection.tsx';
import './compare.css';

/** Verify: run the original and the fused model with onnxruntime-web and compare outputs and latency. */
export const ComparePanel = memo(function ComparePanel() {
  const open = useAppStore((s) => s.compareOpen);
  const snapshot = useAppStore((s) => s.snapshot);
  const progress = useAppStore((s) => s.compareProgress);
  const report = useAppStore((s) => s.compareReport);
  const error = useAppStore((s) => s.compareError);
  const run = useAppStore((s) => s.runCompare);
  const cancel = useAppStore((s) => s.cancelCompare);
  const close = useAppStore((s) => s.openCompare);
  const inputs = snapshot?.summary.inputs;
  const dims = useMemo(
    () => symbolicDims((inputs ?? []).map((i) => ({ name: i.name, elemType: i.elemType ?? 0, dims: i.dims }))),
    [inputs],
  );
  if (!open || !snapshot) return null;
  return (
    <section aria-label="Verify" className="panel-section compare-panel">
      <div className="compare-head">
        <h3>Verify with onnxruntime-web</h3>
        <button type="button" className="link" aria-label="Close verify" onClick={() => close(false)}>
          ×
        </button>
      </div>
      <CompareWithFile />
      <CompareOptions dims={dims} />
      <div className="compare-actions">
        <button type="button" className="primary-button" onClick={() => void run()} disabled={progress !== undefined}>
          Run comparison
        </button>
        {progress && (
          <>
            <span className="progress" aria-busy="true">
              <span className="spinner" aria-hidden="true" />
              {progressText(progress)}
            </span>
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </>
        )}
      </div>
      {error && <p className="compare-error">{error}</p>}
      {report && <CompareResults model={snapshot.name} report={report} />}
      <LayersSection />
    </section>
  );
});
