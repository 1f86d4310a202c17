import { attrInt, attrInts } from '../../fusion/attributes.ts';
import { DataType } from '../../onnx/dtype.ts';
import type { NodeView } from './node-view.ts';
import type { Dim, SymbolicValue } from './types.ts';

/** Longest symbolic value tracked: shape vectors are short. */
const MAX_ELEMS = 64;

const vector = (elems: Dim[], elemType: number = DataType.INT64): SymbolicValue | undefined =>
  elems.length <= MAX_ELEMS ? { elemType, scalar: false, elems } : undefined;

/**
 * The elements of a node's output 0 as dims, for the ops shape arithmetic uses: Shape of a value
 * with known rank, then Gather, Slice, Concat, Unsqueeze, Squeeze, Cast, Identity and integer
 * Add/Sub/Mul/Div over such values. The constant evaluator does the same when every element is a
 * number; this carries symbols through, so `Shape → Gather → Concat → Reshape` keeps the batch.
 */
export function symbolicValue(v: NodeView): SymbolicValue | undefined {
  switch (v.node.opType) {
    case 'Shape': {
      const x = v.dims(0);
      if (!x) return undefined;
      const r = x.length;
      const clamp = (a: number) => Math.min(Math.max(a < 0 ? a + r : a, 0), r);
      return vector(x.slice(clamp(attrInt(v.node, 'start', 0)), clamp(attrInt(v.node, 'end', r))));
    }
    case 'Identity':
      return v.values(0);
    case 'Cast': {
      const x = v.values(0);
      const to = attrInt(v.node, 'to', 0);
      return x && (to === DataType.INT64 || to === DataType.INT32) ? { ...x, elemType: to } : undefined;
    }
    case 'Gather':
      return gather(v);
    case 'Unsqueeze': {
      const x = v.values(0);
      const axes = v.opset < 13 ? attrInts(v.node, 'axes') : v.ints(1);
      return x?.scalar && axes?.length === 1 && (axes[0] === 0 || axes[0] === -1)
        ? vector(x.elems, x.elemType)
        : undefined;
    }
    case 'Squeeze': {
      const x = v.values(0);
      return x && !x.scalar && x.elems.length === 1 ? { ...x, scalar: true } : undefined;
    }
    case 'Concat': {
      const parts = Array.from({ length: v.inputCount }, (_, i) => v.values(i));
      if (parts.some((p) => !p || p.scalar)) return undefined;
      return vector(
        parts.flatMap((p) => (p as SymbolicValue).elems),
        parts[0]?.elemType,
      );
    }
    case 'Slice':
      return slice(v);
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
      return arithmetic(v, v.node.opType);
    default:
      return undefined;
  }
}

function gather(v: NodeView): SymbolicValue | undefined {
  const x = v.values(0);
  const indices = v.values(1);
  if (!x || x.scalar || !indices || attrInt(v.node, 'axis', 0) !== 0) return undefined;
  const n = x.elems.length;
  const picked: Dim[] = [];
  for (const i of indices.elems) {
    if (typeof i !== 'number' || i < -n || i >= n) return undefined;
    picked.push(x.elems[i < 0 ? i + n : i] as Dim);
  }
  return indices.scalar ? { elemType: x.elemType, scalar: true, elems: picked } : vector(picked, x.elemType);
}

function slice(v: NodeView): SymbolicValue | undefined {
  const x = v.values(0);
  if (!x || x.scalar) return undefined;
  // Attributes before opset 10, inputs (with steps) from 10 on.
  const legacy = v.opset < 10;
  const starts = legacy ? attrInts(v.node, 'starts') : v.ints(1);
  const ends = legacy ? attrInts(v.node, 'ends') : v.ints(2);
  const axes = legacy ? (attrInts(v.node, 'axes') ?? [0]) : v.has(3) ? v.ints(3) : [0];
  const steps = !legacy && v.has(4) ? v.ints(4) : [1];
  if (!starts || !ends || !axes || !steps || starts.length !== 1 || ends.length !== 1) return undefined;
  if ((axes[0] !== 0 && axes[0] !== -1) || steps[0] === undefined || steps[0] === 0) return undefined;
  const n = x.elems.length;
  const step = steps[0];
  let s = (starts[0] as number) < 0 ? (starts[0] as number) + n : (starts[0] as number);
  let e = (ends[0] as number) < 0 ? (ends[0] as number) + n : (ends[0] as number);
  if (step > 0) {
    s = Math.min(Math.max(s, 0), n);
    e = Math.min(Math.max(e, 0), n);
  } else {
    s = Math.min(Math.max(s, 0), n - 1);
    e = Math.min(Math.max(e, -1), n - 1);
  }
  const out: Dim[] = [];
  for (let i = s; step > 0 ? i < e : i > e; i += step) out.push(x.elems[i] as Dim);
  return vector(out, x.elemType);
}

function arithmetic(v: NodeView, op: 'Add' | 'Sub' | 'Mul' | 'Div'): SymbolicValue | undefined {
  const a = v.values(0);
  const b = v.values(1);
  if (!a || !b) return undefined;
  const n = Math.max(a.elems.length, b.elems.length);
  if ((a.elems.length !== n && a.elems.length !== 1) || (b.elems.length !== n && b.elems.length !== 1))
    return undefined;
  const s = v.symbols;
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a.elems[a.elems.length === 1 ? 0 : i] as Dim;
    const y = b.elems[b.elems.length === 1 ? 0 : i] as Dim;
    if (typeof x === 'number' && typeof y === 'number') {
      if (op === 'Div' && y === 0) return undefined;
      out.push(op === 'Add' ? x + y : op === 'Sub' ? x - y : op === 'Mul' ? x * y : Math.trunc(x / y));
    } else if (op === 'Add') out.push(s.sum([x, y]));
    else if (op === 'Mul') out.push(s.product([x, y]));
    else if (op === 'Sub') out.push(y === 0 ? x : s.derive(`sub(${x},${y})`));
    else out.push(y === 1 ? x : s.derive(`div(${x},${y})`));
  }
  return { elemType: a.elemType, scalar: a.scalar && b.scalar, elems: out };
}
