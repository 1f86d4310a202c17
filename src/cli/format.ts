import { formatBytes } from '../compare/format.ts';
import type { ModelSummary } from '../onnx/index.ts';

export { formatBytes };

/** The human-readable `inspect` report. */
export function formatSummary(file: string, s: ModelSummary, missingSideFiles: readonly string[]): string {
  const rows: [string, string][] = [
    ['IR version', String(s.irVersion)],
    ['opsets', s.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ') || 'none'],
    ['producer', [s.producer.name, s.producer.version].filter(Boolean).join(' ') || 'unknown'],
    [
      'graph',
      `${s.graphName || '(unnamed)'}: ${s.nodeCount} nodes, ${s.subgraphCount} subgraphs, ${s.totalNodeCount} nodes in all`,
    ],
    ...s.inputs.map((v, i): [string, string] => [i === 0 ? 'inputs' : '', `${v.name}: ${v.type}`]),
    ...s.outputs.map((v, i): [string, string] => [i === 0 ? 'outputs' : '', `${v.name}: ${v.type}`]),
    ['parameters', `${s.parameterCount.toLocaleString('en-US')} (${formatBytes(s.parameterBytes)})`],
    [
      'side files',
      s.sideFiles.length === 0
        ? 'none'
        : s.sideFiles.map((f) => (missingSideFiles.includes(f) ? `${f} (missing)` : f)).join(', '),
    ],
    [
      'ops',
      Object.entries(s.opHistogram)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([op, n]) => `${op} ${n}`)
        .join(', '),
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [file, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}
