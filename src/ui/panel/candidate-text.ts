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
 * The kept node's name after the scope it shares with the folded one: "/layer1/a/bn/BN → conv/Conv"
 * says the scope once. A name without a shared scope is kept whole.
 */
export function afterSharedScope(name: string, other: string): string {
  const a = name.split('/');
  const b = other.split('/');
  let shared = 0;
  while (shared < a.length - 1 && shared < b.length - 1 && a[shared] === b[shared]) shared++;
  // Only a leading "/" in common ("" before it) is no scope.
  return a.slice(0, shared).some(Boolean) ? a.slice(shared).join('/') : name;
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
 * The one line a row shows, at most `max` characters: the kept node of a candidate; for a fused
 * pair, what was folded into what ("BatchNormalization bn3 → Conv conv3"), the scope they share
 * said once, each side shortened.
 */
export function rowText(row: CandidateRow, max: number): string {
  if (row.status !== 'fused') return shortenLeft(nodeText(row.keptOp, row.keptNode), max);
  const folded = nodeText(row.foldedOp, row.foldedNode);
  const kept = nodeText(row.keptOp, afterSharedScope(row.keptNode, row.foldedNode));
  const room = Math.max(2, max - 3);
  // Whatever one side does not need goes to the other.
  const foldedRoom = Math.max(Math.ceil(room / 2), room - kept.length);
  const keptRoom = room - Math.min(folded.length, foldedRoom);
  return `${shortenLeft(folded, foldedRoom)} → ${shortenLeft(kept, keptRoom)}`;
}

/** The small tag at the end of a row: the block reason, the op folded in, or the step. */
export function rowTag(row: CandidateRow): string {
  if (row.status === 'blocked') return row.blocked?.reason ?? 'blocked';
  if (row.status === 'fused') return `step ${row.step ?? '?'}`;
  return `← ${shortOp(row.foldedOp)}`;
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
