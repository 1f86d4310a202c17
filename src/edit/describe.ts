import type { EditOp } from './types.ts';

/**
 * One line naming an edit from the op alone (no model needed): what a history list or a recipe
 * preview shows. applyEdit's own description says more (what it found in the model).
 */
export function describeEdit(op: EditOp): string {
  switch (op.op) {
    case 'fuse':
      return op.ids.length === 1 ? `Fuse ${quote(op.ids[0] ?? '')}` : `Fuse ${op.ids.length} pairs`;
    case 'fuse-all':
      return 'Fuse all';
    case 'optimize':
      if (op.only) return `Optimize ${op.only.length === 1 ? quote(op.only[0] ?? '') : `${op.only.length} candidates`}`;
      return op.passes ? `Optimize (${op.passes.join(', ')})` : 'Optimize (all passes)';
    case 'set-input-shape':
      return `Set input ${quote(op.input)} to ${op.dims.length === 0 ? 'a scalar' : op.dims.join('×')}`;
    case 'rename':
      return `Rename ${quote(op.value)} to ${quote(op.to)}`;
    case 'delete-node':
      return `Delete node ${quote(op.node)}${op.downstream ? ' with downstream' : ''}`;
    case 'add-output':
      return `Make ${quote(op.value)} an output`;
    case 'remove-output':
      return `Remove output ${quote(op.value)}`;
    case 'set-attribute':
      return `Set ${quote(op.name)} of ${quote(op.node)} to ${short(JSON.stringify(op.value) ?? '')}`;
    case 'set-initializer':
      return `Replace ${quote(op.name)} from ${quote(op.npy)}${op.reshape ? ' (reshape)' : ''}`;
    case 'extract':
      return `Extract from ${op.inputs.map(quote).join(', ')} to ${op.outputs.map(quote).join(', ')}`;
  }
}

function quote(name: string): string {
  return `"${short(name)}"`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
