import { describe, expect, it } from 'vitest';
import { DataType } from '../../src/onnx/dtype.ts';
import { encodeModel, Long } from '../../src/onnx/index.ts';
import { type ConstTensor, evaluateNode } from '../../src/optimize/evaluate/index.ts';
import { runModel } from '../helpers/ort.ts';
import { bool, type EvalCase, f32, i32, i64, oneNodeModel, tensor } from './evaluate-cases.ts';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const NAN = Number.NaN;

/** Each row: one node evaluated by our kernels and by onnxruntime-node, compared bit for bit. */
const CASES: EvalCase[] = [
  { name: 'Identity int64', op: 'Identity', inputs: [i64([2], [INT64_MAX, INT64_MIN])] },
  { name: 'Shape', op: 'Shape', inputs: [f32([2, 3, 0], [])] },
  {
    name: 'Shape start/end',
    op: 'Shape',
    inputs: [f32([2, 3, 4, 1], Array(24).fill(0))],
    attributes: { start: { int: 1 }, end: { int: -1 } },
  },
  { name: 'Size', op: 'Size', inputs: [f32([2, 3], [1, 2, 3, 4, 5, 6])] },
  { name: 'Gather negative indices', op: 'Gather', inputs: [i64([5], [10, 11, 12, 13, 14]), i64([3], [-1, 0, 2])] },
  {
    name: 'Gather axis 1, 2-D indices',
    op: 'Gather',
    inputs: [f32([2, 3], [1, 2, 3, 4, 5, 6]), i32([2, 2], [0, -1, 1, 1])],
    attributes: { axis: { int: 1 } },
  },
  { name: 'Gather scalar index', op: 'Gather', inputs: [i64([4], [7, 8, 9, 10]), i64([], [-2])] },
  {
    name: 'Gather axis -1',
    op: 'Gather',
    inputs: [i64([2, 2], [1, 2, 3, 4]), i64([1], [1])],
    attributes: { axis: { int: -1 } },
  },
  { name: 'Unsqueeze axes input (13)', op: 'Unsqueeze', inputs: [i64([2], [3, 4]), i64([2], [0, -1])] },
  { name: 'Unsqueeze scalar', op: 'Unsqueeze', inputs: [i64([], [3]), i64([1], [0])] },
  {
    name: 'Unsqueeze axes attr (11)',
    op: 'Unsqueeze',
    opset: 11,
    inputs: [f32([2], [1, 2])],
    attributes: { axes: { ints: [1] } },
  },
  { name: 'Squeeze axes input', op: 'Squeeze', inputs: [f32([1, 2, 1], [1, 2]), i64([1], [-1])] },
  { name: 'Squeeze all ones', op: 'Squeeze', inputs: [f32([1, 2, 1], [1, 2])] },
  {
    name: 'Squeeze axes attr (11)',
    op: 'Squeeze',
    opset: 11,
    inputs: [i64([1, 1], [5])],
    attributes: { axes: { ints: [0] } },
  },
  {
    name: 'Concat int64 with empty',
    op: 'Concat',
    inputs: [i64([1], [1]), i64([0], []), i64([2], [-1, 7])],
    attributes: { axis: { int: 0 } },
  },
  {
    name: 'Concat axis -1',
    op: 'Concat',
    inputs: [f32([2, 1], [1, 2]), f32([2, 2], [3, 4, 5, 6])],
    attributes: { axis: { int: -1 } },
  },
  {
    name: 'Slice INT64_MAX end',
    op: 'Slice',
    inputs: [i64([5], [0, 1, 2, 3, 4]), i64([1], [1]), i64([1], [INT64_MAX])],
  },
  {
    name: 'Slice negative step, INT64_MIN end',
    op: 'Slice',
    inputs: [i64([5], [0, 1, 2, 3, 4]), i64([1], [-1]), i64([1], [INT64_MIN]), i64([1], [0]), i64([1], [-2])],
  },
  {
    name: 'Slice 2-D axes and steps, clamped start',
    op: 'Slice',
    inputs: [
      f32([3, 4], [...Array(12).keys()]),
      i64([2], [-100, 1]),
      i64([2], [100, 4]),
      i64([2], [1, 0]),
      i64([2], [3, 1]),
    ],
  },
  { name: 'Slice empty result', op: 'Slice', inputs: [i64([3], [1, 2, 3]), i64([1], [2]), i64([1], [1])] },
  {
    name: 'Slice attrs (opset 9)',
    op: 'Slice',
    opset: 9,
    inputs: [f32([2, 3], [1, 2, 3, 4, 5, 6])],
    attributes: { starts: { ints: [1] }, ends: { ints: [-1] }, axes: { ints: [1] } },
  },
  {
    name: 'Cast float→int32 truncates',
    op: 'Cast',
    inputs: [f32([6], [1.9, -1.9, 0.5, -0.5, 2147483520, -2147483648])],
    attributes: { to: { int: DataType.INT32 } },
  },
  {
    name: 'Cast float→int64',
    op: 'Cast',
    inputs: [f32([3], [-3.7, 1e18, 7])],
    attributes: { to: { int: DataType.INT64 } },
  },
  {
    name: 'Cast int64→float rounds once',
    op: 'Cast',
    inputs: [
      i64([5], [2n ** 60n + 2n ** 36n, 2n ** 60n + 2n ** 36n + 1n, 2n ** 60n + 3n * 2n ** 36n, INT64_MAX, INT64_MIN]),
    ],
    attributes: { to: { int: DataType.FLOAT } },
  },
  {
    name: 'Cast int64→int32 wraps',
    op: 'Cast',
    inputs: [i64([3], [2n ** 32n + 5n, -(2n ** 31n) - 1n, -1])],
    attributes: { to: { int: DataType.INT32 } },
  },
  {
    name: 'Cast float→float16 ties to even',
    op: 'Cast',
    inputs: [f32([5], [1 + 2 ** -11, 1 + 3 * 2 ** -11, 65520, 1e-8, -0])],
    attributes: { to: { int: DataType.FLOAT16 } },
  },
  {
    name: 'Cast float→bool',
    op: 'Cast',
    inputs: [f32([4], [0, -0, 0.1, NAN])],
    attributes: { to: { int: DataType.BOOL } },
  },
  { name: 'Cast bool→float', op: 'Cast', inputs: [bool([2], [1, 0])], attributes: { to: { int: DataType.FLOAT } } },
  {
    name: 'Cast int32→uint8 wraps',
    op: 'Cast',
    inputs: [i32([3], [-1, 256, 300])],
    attributes: { to: { int: DataType.UINT8 } },
  },
  {
    name: 'Cast float16→float',
    op: 'Cast',
    inputs: [tensor(DataType.FLOAT16, [2], [0.1, 65504])],
    attributes: { to: { int: DataType.FLOAT } },
  },
  { name: 'Reshape 0 and -1', op: 'Reshape', inputs: [f32([2, 3, 4], Array(24).fill(1)), i64([3], [0, -1, 2])] },
  {
    name: 'Reshape allowzero empty',
    op: 'Reshape',
    opset: 14,
    inputs: [f32([0, 3], []), i64([2], [3, 0])],
    attributes: { allowzero: { int: 1 } },
  },
  {
    name: 'Flatten axis 0',
    op: 'Flatten',
    inputs: [f32([2, 3], [1, 2, 3, 4, 5, 6])],
    attributes: { axis: { int: 0 } },
  },
  {
    name: 'Flatten axis -1',
    op: 'Flatten',
    inputs: [f32([2, 3, 2], Array(12).fill(2))],
    attributes: { axis: { int: -1 } },
  },
  {
    name: 'Transpose perm',
    op: 'Transpose',
    inputs: [f32([2, 3, 4], [...Array(24).keys()])],
    attributes: { perm: { ints: [1, 2, 0] } },
  },
  { name: 'Transpose default', op: 'Transpose', inputs: [i64([2, 3], [1, 2, 3, 4, 5, 6])] },
  { name: 'Expand both ways', op: 'Expand', inputs: [f32([3, 1], [1, 2, 3]), i64([3], [2, 1, 4])] },
  { name: 'Expand to lower rank shape', op: 'Expand', inputs: [i64([2, 1], [1, 2]), i64([1], [3])] },
  { name: 'Range int64', op: 'Range', inputs: [i64([], [2]), i64([], [11]), i64([], [3])] },
  { name: 'Range float accumulates', op: 'Range', inputs: [f32([], [0]), f32([], [1]), f32([], [0.1])] },
  { name: 'Range negative delta', op: 'Range', inputs: [i32([], [5]), i32([], [-2]), i32([], [-2])] },
  { name: 'Range empty', op: 'Range', inputs: [i64([], [5]), i64([], [1]), i64([], [1])] },
  {
    name: 'ConstantOfShape int64',
    op: 'ConstantOfShape',
    inputs: [i64([2], [2, 3])],
    attributes: { value: { tensor: { dataType: DataType.INT64, dims: [Long.ONE], int64Data: [Long.fromNumber(-7)] } } },
  },
  { name: 'ConstantOfShape default float', op: 'ConstantOfShape', inputs: [i64([1], [3])] },
  { name: 'ConstantOfShape scalar', op: 'ConstantOfShape', inputs: [i64([0], [])] },
  { name: 'Equal broadcast int64', op: 'Equal', inputs: [i64([2, 1], [1, 2]), i64([3], [1, 2, 3])] },
  { name: 'Equal float NaN', op: 'Equal', inputs: [f32([3], [NAN, 0, -0]), f32([3], [NAN, -0, 0])] },
  { name: 'Less float', op: 'Less', inputs: [f32([3], [1, NAN, -1]), f32([1], [0])] },
  { name: 'Greater int64 extremes', op: 'Greater', inputs: [i64([2], [INT64_MAX, INT64_MIN]), i64([], [0])] },
  { name: 'Not', op: 'Not', inputs: [bool([2], [1, 0])] },
  { name: 'And broadcast', op: 'And', inputs: [bool([2, 1], [1, 0]), bool([2], [1, 0])] },
  { name: 'Where broadcast', op: 'Where', inputs: [bool([2, 1], [1, 0]), f32([2], [1, 2]), f32([], [-1])] },
  { name: 'Where int64', op: 'Where', inputs: [bool([3], [1, 0, 1]), i64([3], [1, 2, 3]), i64([3], [-1, -2, -3])] },
  { name: 'Add int64 wraps', op: 'Add', inputs: [i64([2], [INT64_MAX, INT64_MIN]), i64([2], [1, -1])] },
  { name: 'Add int32 wraps', op: 'Add', inputs: [i32([1], [2 ** 31 - 1]), i32([1], [1])] },
  {
    name: 'Add float broadcast',
    op: 'Add',
    inputs: [f32([2, 3], [0.1, 0.2, 0.3, 1e30, -1e30, 3]), f32([3], [0.7, 1e-30, 1e38])],
  },
  { name: 'Sub float', op: 'Sub', inputs: [f32([3], [0.3, 1e38, -0]), f32([3], [0.1, -1e38, 0])] },
  { name: 'Mul int32 overflow wraps', op: 'Mul', inputs: [i32([2], [65536 * 3, -7]), i32([2], [65536 * 5, 3])] },
  { name: 'Mul int64 wraps', op: 'Mul', inputs: [i64([1], [2n ** 40n]), i64([1], [2n ** 30n])] },
  { name: 'Mul float', op: 'Mul', inputs: [f32([3], [0.1, 3.3, 1e-20]), f32([3], [0.7, 1 / 3, 1e-30])] },
  { name: 'Div int64 truncates toward zero', op: 'Div', inputs: [i64([4], [7, -7, 7, -7]), i64([4], [2, 2, -2, -2])] },
  { name: 'Div int32 truncates', op: 'Div', inputs: [i32([3], [-1, 2147483647, -2147483648]), i32([3], [3, -1, 3])] },
  { name: 'Div float', op: 'Div', inputs: [f32([4], [1, 2, -1, 0.1]), f32([4], [3, 0, 0, 0.3])] },
  { name: 'Neg int64', op: 'Neg', inputs: [i64([2], [5, INT64_MAX])] },
  { name: 'Neg float', op: 'Neg', inputs: [f32([2], [0, 1.5])] },
  { name: 'Sqrt float', op: 'Sqrt', inputs: [f32([4], [2, 0.5, 1e-40, 3])] },
  {
    name: 'ReduceProd keepdims 0 (13)',
    op: 'ReduceProd',
    opset: 13,
    inputs: [i64([2, 3], [1, 2, 3, 4, 5, 6])],
    attributes: { axes: { ints: [-1] }, keepdims: { int: 0 } },
  },
  { name: 'ReduceProd all (13)', op: 'ReduceProd', opset: 13, inputs: [f32([2, 2], [1.5, 2, -3, 0.5])] },
  {
    name: 'ReduceProd axes input (18)',
    op: 'ReduceProd',
    opset: 18,
    inputs: [i64([2, 3], [1, 2, 3, 4, 5, 6]), i64([1], [0])],
  },
  {
    name: 'ReduceProd empty input',
    op: 'ReduceProd',
    opset: 13,
    inputs: [i64([0, 2], [])],
    attributes: { axes: { ints: [0] } },
  },
  { name: 'Min of three, broadcast', op: 'Min', inputs: [i64([2], [1, 5]), i64([2, 1], [3, -2]), i64([], [4])] },
  { name: 'Max float', op: 'Max', inputs: [f32([3], [1, -0, 2]), f32([3], [0.5, 0, 3])] },
  { name: 'Max int32 one input', op: 'Max', inputs: [i32([2], [1, -1])] },
];

function same(
  ours: ConstTensor,
  theirs: { dims: readonly number[]; data: ArrayLike<number | bigint> },
): string | undefined {
  if (ours.dims.join() !== [...theirs.dims].join()) return `dims [${ours.dims}] vs [${theirs.dims}]`;
  if (ours.data.length !== theirs.data.length) return `length ${ours.data.length} vs ${theirs.data.length}`;
  for (let i = 0; i < ours.data.length; i++) {
    const a = ours.data[i] as number | bigint;
    const b = theirs.data[i] as number | bigint;
    // NaN's sign and payload differ between hosts: any NaN equals any NaN; otherwise Object.is (so -0 ≠ 0).
    if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) continue;
    if (typeof a === 'number' && ours.dataType === DataType.FLOAT16 && a !== b) return `[${i}] ${a} vs ${b}`;
    if (!Object.is(typeof a === 'boolean' ? Number(a) : a, typeof b === 'boolean' ? Number(b) : b)) {
      return `[${i}] ${a} vs ${b}`;
    }
  }
  return undefined;
}

describe('constant evaluator against onnxruntime-node', () => {
  it.each(CASES)('$name', async (c) => {
    const node = { opType: c.op, input: c.inputs.map((t, i) => (t ? `in${i}` : '')), output: ['out0'], attribute: [] };
    const model = oneNodeModel(c, [0]);
    node.attribute = model.graph?.node?.[0]?.attribute as never;
    const result = evaluateNode(
      node,
      c.inputs.map((t) => t ?? undefined),
      c.opset ?? 17,
    );
    if (!result.ok) throw new Error(`refused: ${result.reason} ${result.message}`);
    const outputs = result.outputs;
    const ort = await runModel(
      encodeModel(
        oneNodeModel(
          c,
          outputs.map((o) => o.dataType),
        ),
      ),
      {},
    );
    outputs.forEach((ours, i) => {
      const theirs = ort[`out${i}`];
      expect(theirs, `output ${i}`).toBeDefined();
      if (theirs) expect(same(ours, theirs)).toBeUndefined();
    });
  });
});
