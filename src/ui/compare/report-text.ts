import { formatSpeedRatio } from '../../compare/format.ts';
import { headline } from '../../compare/verdict.ts';
import type { CompareReport } from '../../store/compare-report.ts';
import { statsMarkdown } from './stats-markdown.ts';

const n = (v: number, digits = 3) => (Number.isFinite(v) ? v.toExponential(digits - 1) : String(v));

/** The report as a Markdown table, for pasting into an issue or a pull request. */
/** Said whenever nothing had changed when Compare ran: all agreement is then expected. */
export const UNCHANGED_NOTE =
  'Nothing has changed yet, so the model was compared with itself: agreement is expected, and the speed ratio shows only run-to-run noise.';

export function reportMarkdown(model: string, r: CompareReport): string {
  const lines = [
    `### ${model}: ${r.labels.reference} vs ${r.labels.actual} (${r.provider}, ${r.threads} thread${r.threads === 1 ? '' : 's'})`,
    '',
    `Optimization: ${r.labels.reference} \`${r.optimization.original}\`, ${r.labels.actual} \`${r.optimization.fused}\`; tolerance atol ${r.tolerance.atol}, rtol ${r.tolerance.rtol}.`,
    '',
    `**${headline(r.verdict, r.outputs)}**`,
    ...(r.unchanged ? ['', UNCHANGED_NOTE] : []),
    '',
    '| output | shape | max abs | mean abs | max rel | cosine | outside | result |',
    '|---|---|---:|---:|---:|---:|---:|---|',
    ...r.outputs.map(
      (o) =>
        `| ${o.name} | [${o.dims.join(', ')}] | ${n(o.maxAbs)} | ${n(o.meanAbs)} | ${n(o.maxRel)} | ${o.cosine.toFixed(6)} | ${(o.outsideShare * 100).toFixed(2)}% | ${o.verdict} |`,
    ),
    ...notes(r),
    ...statsMarkdown(r),
    '',
    '| model | runs | median ms | p90 ms | min ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...(['original', 'fused'] as const).map((k) => {
      const s = r.latency[k];
      return `| ${k === 'original' ? r.labels.reference : r.labels.actual} | ${s.runs} | ${s.median.toFixed(3)} | ${s.p90.toFixed(3)} | ${s.min.toFixed(3)} | ${s.max.toFixed(3)} |`;
    }),
    '',
    `Latency ratio ${r.labels.actual}/${r.labels.reference} (median): ${r.latency.ratio.toFixed(3)} (${r.labels.actual} ${formatSpeedRatio(r.latency.ratio)})`,
    ...(r.matching.note ? ['', r.matching.note] : []),
  ];
  return lines.join('\n');
}

/** Notes under the table, as "- output: why", for outputs whose figures need explaining. */
function notes(r: CompareReport): string[] {
  const lines = r.outputs.flatMap((o) => o.notes.map((note) => `- ${o.name}: ${note.text}`));
  return lines.length > 0 ? ['', ...lines] : [];
}

/** The report as JSON (without the per-element histograms' edges repeated). */
export function reportJson(model: string, r: CompareReport): string {
  return JSON.stringify(
    { model, ...r },
    (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    2,
  );
}
