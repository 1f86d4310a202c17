import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';

/**
 * "Compare with file…": the loaded model, as it is now, against a second file (an exporter's,
 * onnxslim's, another version) on the same inputs, instead of against the model as it was opened.
 * The second model's side files are picked with it; they are found by their file names.
 */
export const CompareWithFile = memo(function CompareWithFile() {
  const compareWith = useAppStore((s) => s.compareWith);
  const setCompareWith = useAppStore((s) => s.setCompareWith);
  const side = compareWith?.sideFiles.length ?? 0;
  return (
    <div className="compare-with">
      <div className="file-pick">
        <label className="button">
          Compare with file…
          {/* Named without "Compare" so that the toolbar's Compare button keeps its name to itself. */}
          <input
            type="file"
            multiple
            aria-label="Second model (with its side files)"
            className="visually-hidden"
            onChange={(e) => {
              setCompareWith([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </label>
        <span className="file-state" data-testid="compare-with-state">
          {compareWith
            ? `Against ${compareWith.name}${side > 0 ? ` (+${side} side file${side === 1 ? '' : 's'})` : ''}, on the same inputs`
            : 'Against this model as opened (its changes verified)'}
        </span>
        {compareWith && (
          <button type="button" className="link" onClick={() => setCompareWith([])}>
            Verify the changes instead
          </button>
        )}
      </div>
    </div>
  );
});
