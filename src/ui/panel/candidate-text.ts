import type { CandidateRow } from './candidate-rows.ts';

const KIND_LABEL: Record<CandidateRow['kind'], string> = {
  'conv-bn': 'BN into conv',
  'conv-mul': 'Mul into conv',
  'conv-add': 'Add into conv',
  'bn-conv': 'BN into next conv',
  'gemm-bn': 'BN into Gemm',
  'matmul-bn': 'BN into MatMul',
};

const ELLIPSIS = '…';

/**
 * Shortens a path to at most `max` characters by cutting from the LEFT: the end of a scope path
 * ("…/block310/conv/Conv") is what tells nodes apart, the start is shared. The cut moves to the
 * next separator when one is near, so the text starts with a whole segment: "/" in a path (whose
 * segments may hold dots, as in "layer1.0"), else "." ("p2o.Conv.12").
 */
export function shortenLeft(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return ELLIPSIS;
  const tail = text.slice(text.length - (max - 1));
  const at = tail.indexOf(text.includes('/') ? '/' : '.');
  return ELLIPSIS + (at >= 0 && at <= tail.length / 2 ? tail.slice(at) : tail);
}

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
  return shortenLeft(nodeText(row.keptOp, row.keptNode), max);
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
