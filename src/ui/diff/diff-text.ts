import type { NodeChange, NodeDifference, ValueChange } from '../../store/index.ts';

/** One difference as a short line: "W values changed", "pads added: [1, 2, 2, 1]", "op MatMul → Gemm". */
export function differenceText(d: NodeDifference): string {
  switch (d.kind) {
    case 'op':
      return `op ${d.from} → ${d.to}`;
    case 'renamed':
      return `renamed from ${d.from || '(no name)'}`;
    case 'attribute':
      if (d.from === undefined) return `${d.name} added: ${d.to ?? ''}`;
      if (d.to === undefined) return `${d.name} removed (was ${d.from})`;
      return `${d.name} ${d.from} → ${d.to}`;
    case 'weight':
      switch (d.change) {
        case 'values':
          return `${d.slot} values changed`;
        case 'added':
          return `${d.slot} added`;
        case 'removed':
          return `${d.slot} removed`;
        default:
          return `${d.slot} ${d.change} ${d.from ?? ''} → ${d.to ?? ''}`;
      }
    case 'input':
      if (d.from === undefined) return `${d.slot} input added (from ${d.to ?? ''})`;
      if (d.to === undefined) return `${d.slot} input removed (was from ${d.from})`;
      return `${d.slot} now from ${d.to} (was ${d.from})`;
    case 'outputs':
      return `outputs ${d.from} → ${d.to}`;
    case 'body': {
      const parts = [
        d.removed ? `${d.removed} removed` : '',
        d.added ? `${d.added} added` : '',
        d.changed ? `${d.changed} changed` : '',
      ].filter(Boolean);
      return `${d.attribute}: ${parts.join(', ') || 'changed inside'}`;
    }
    default:
      return '';
  }
}

/**
 * What kind of change a changed node had, in a few words for its row: "weights W, B",
 * "attributes pads", "inputs", "op", "renamed", "body then_branch".
 */
export function changeSummary(change: NodeChange): string {
  const weights = change.differences.flatMap((d) => (d.kind === 'weight' ? [d.slot] : []));
  const attributes = change.differences.flatMap((d) => (d.kind === 'attribute' ? [d.name] : []));
  const bodies = change.differences.flatMap((d) => (d.kind === 'body' ? [d.attribute] : []));
  const parts: string[] = [];
  if (change.differences.some((d) => d.kind === 'op')) parts.push('op');
  if (weights.length) parts.push(`weights ${[...new Set(weights)].join(', ')}`);
  if (attributes.length) parts.push(`attributes ${attributes.join(', ')}`);
  if (change.differences.some((d) => d.kind === 'input')) parts.push('inputs');
  if (change.differences.some((d) => d.kind === 'outputs')) parts.push('outputs');
  if (bodies.length) parts.push(`body ${bodies.join(', ')}`);
  if (change.differences.some((d) => d.kind === 'renamed')) parts.push('renamed');
  return parts.join(' · ');
}

/** A graph input or output's change as a line. */
export function valueChangeText(v: ValueChange): string {
  if (v.status === 'added') return `${v.kind} ${v.name} added: ${v.to ?? ''}`;
  if (v.status === 'removed') return `${v.kind} ${v.name} removed (was ${v.from ?? ''})`;
  return `${v.kind} ${v.name}: ${v.from ?? ''} → ${v.to ?? ''}`;
}
