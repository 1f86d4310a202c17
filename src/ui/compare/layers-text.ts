import { divergenceText } from '../../compare/layers.ts';
import { checkModeText } from '../../compare/stats.ts';
import type { LayerRun } from '../../store/layers-slice.ts';

const n = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));
/** Table cells hold model text: a pipe would end the cell. */
const cellText = (text: string) => text.replace(/\|/g, '\\|');

/**
 * The layer comparison as Markdown, for an issue or a pull request: the first divergence, then
 * every compared value in topological order (up to `limit` rows), then what only one model has.
 */
export function layersMarkdown(model: string, run: LayerRun, limit = 500): string {
  const side = run.graphSide;
  const rows = run.compared.slice(0, limit).map((r) => {
    const s = r.stats;
    return `| ${cellText(r.name)} | ${cellText(r[side].name || r[side].opType)} | ${n(s.absDiff.max)} | ${n(s.absDiff.mean)} | ${n(s.absDiff.p99)} | ${n(s.toleranceRatio)} | ${s.verdict} |`;
  });
  const lines = [
    `### ${model}: layer by layer, ${run.labels.reference} vs ${run.labels.actual}`,
    '',
    `**${divergenceText(run, run.labels, side)}**`,
    '',
    `${run.compared.length} values compared (${checkModeText(run.mode)}) in ${run.chunks} chunk${run.chunks === 1 ? '' : 's'}; ${run.onlyOriginal.length} only in ${run.labels.reference}, ${run.onlyFused.length} only in ${run.labels.actual}, ${run.skipped.length} skipped.`,
    '',
    '| value | node | max \\|diff\\| | mean \\|diff\\| | p99 \\|diff\\| | ÷ tolerance | result |',
    '|---|---|---:|---:|---:|---:|---|',
    ...rows,
    ...(run.compared.length > limit ? ['', `… and ${run.compared.length - limit} more values (see the JSON).`] : []),
    ...run.skipped.map((s) => `- skipped ${s.name}: ${s.message}`),
  ];
  return lines.join('\n');
}

/** The whole layer report as JSON (NaN and ±Infinity as strings, as the comparison's JSON has them). */
export function layersJson(model: string, run: LayerRun): string {
  return JSON.stringify(
    { model, ...run },
    (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    2,
  );
}
