import { cutFromLeft } from '../format.ts';
import type { CandidateRow } from './candidate-rows.ts';

const KIND_LABEL: Record<CandidateRow['kind'], string> = {
  'conv-bn': 'BN into conv',
  'conv-mul': 'Mul into conv',
  'conv-add': 'Add into conv',
  'bn-conv': 'BN into next conv',
  'gemm-bn': 'BN into Gemm',
  'matmul-bn': 'BN into MatMul',
};

/**
 * A node as "op name", or just its name when that already says the op: exporters often end a
 * name with it ("/layer1/bn1/BatchNormalization"), and "BatchNormalization …/BatchNormalization"
 * would waste the line.
 */
export function nodeText(op: string, name: string): string {
  if (!name) return op;
  return name.split(/[/.:]/).includes(op) ? name : `${op} ${name}`;
}

/** Short op names for the narrow tag of a row. */
export function shortOp(op: string): string {
  return op === 'BatchNormalization' ? 'BN' : op;
}

/**
 * The one line a row shows, at most `max` characters: the kept node, shortened from the left. A
 * fused pair shows the node that took the fold in too: its end ("…/features.9/conv/conv.0/Conv")
 * tells pairs apart, where "…/BatchNormalization → conv.0.0/Conv" reads the same in every block.
 * What was folded is in the tag and, by name, in the tooltip.
 */
export function rowText(row: CandidateRow, max: number): string {
  return cutFromLeft(nodeText(row.keptOp, row.keptNode), max);
}

/** The small tag at the end of a row: the block reason, or the op folded in (and at which step). */
export function rowTag(row: CandidateRow): string {
  if (row.status === 'blocked') return row.blocked?.reason ?? 'blocked';
  const folded = `← ${shortOp(row.foldedOp)}`;
  return row.status === 'fused' ? `${folded} · step ${row.step ?? '?'}` : folded;
}

/** Everything about a row, in full, for its tooltip. */
export function rowTitle(row: CandidateRow): string {
  const kept = `${row.keptOp} ${row.keptNode}`;
  const folded = `${row.foldedOp} ${row.foldedNode}`;
  const where = row.graphPath === 'main' ? '' : ` · in ${row.graphPath}`;
  const head =
    row.status === 'fused' ? `${folded} → ${kept} (fused at step ${row.step ?? '?'})` : `${kept} ← ${folded}`;
  const lines = [head, `${KIND_LABEL[row.kind]}${where}`];
  if (row.blocked) lines.push(`${row.blocked.reason}: ${row.blocked.message}`);
  return lines.join('\n');
}
