import { memo, useMemo } from 'react';
import { isImageLike } from '../../compare/heatmap.ts';
import { compareStats, type OutputStats } from '../../compare/stats.ts';
import { type CompareReport, useAppStore } from '../../store/index.ts';
import { HeatMap } from './HeatMap.tsx';
import { OutputCheckFields, OutputModeField } from './OutputCheckFields.tsx';
import { StatsTable } from './StatsTable.tsx';
import './layers.css';

type Output = CompareReport['outputs'][number];

/**
 * Under the verdict, per output: Polygraphy's statistics (as the report computed them, else from
 * the kept outputs) and, for an image-like 4-D output, the heat map of its absolute error. Both
 * read the outputs the comparison kept (compareRaw), so they follow a change of tolerance.
 */
export const OutputDetails = memo(function OutputDetails({ report }: { report: CompareReport }) {
  const raw = useAppStore((s) => s.compareRaw);
  const inputs = useAppStore((s) => s.layerSource?.inputs);
  const save = useAppStore((s) => s.saveCompareNpy);
  return (
    <div className="output-details">
      <OutputModeField />
      {inputs && inputs.length > 0 && (
        <p className="npy-saves">
          <span className="muted">Inputs as fed:</span>
          {inputs.map((i) => (
            <button
              key={i.name}
              type="button"
              className="link"
              aria-label={`Save ${i.name} .npy (input)`}
              onClick={() => save({ kind: 'input', name: i.name })}
            >
              Save {i.name} .npy
            </button>
          ))}
        </p>
      )}
      {report.outputs.map((o) => {
        const pair = raw?.find((p) => p.name === o.name);
        return (
          <OutputDetail
            key={o.name}
            output={o}
            labels={report.labels}
            reference={pair?.reference}
            actual={pair && !pair.actualDims ? pair.actual : undefined}
          />
        );
      })}
    </div>
  );
});

function OutputDetail({
  output,
  labels,
  reference,
  actual,
}: {
  output: Output;
  labels: CompareReport['labels'];
  reference: ArrayLike<number> | undefined;
  actual: ArrayLike<number> | undefined;
}) {
  const own = (output as Output & { stats?: OutputStats }).stats;
  const stats = useMemo(
    () =>
      own ??
      (reference && actual && reference.length === actual.length
        ? compareStats(reference, actual, output.tolerance)
        : undefined),
    [own, reference, actual, output.tolerance],
  );
  const image = reference && actual && reference.length === actual.length && isImageLike(output.dims);
  const save = useAppStore((s) => s.saveCompareNpy);
  if (!stats && !image) return null;
  return (
    <details className="output-detail" open={image || undefined}>
      <summary>
        {output.name}: statistics{image ? ' and error heat map' : ''}
      </summary>
      <OutputCheckFields name={output.name} />
      <p className="npy-saves">
        {(['reference', 'actual'] as const).map((side) => (
          <button
            key={side}
            type="button"
            className="link"
            aria-label={`Save ${labels[side]} .npy of ${output.name}`}
            onClick={() => save({ kind: 'output', name: output.name, side })}
          >
            Save {labels[side]} .npy
          </button>
        ))}
      </p>
      {stats && <StatsTable name={output.name} stats={stats} labels={labels} />}
      {image && <HeatMap name={output.name} dims={output.dims} reference={reference} actual={actual} />}
    </details>
  );
}
