import { describe, expect, it } from 'vitest';
import { attribute } from '../../fixtures/builder.ts';
import { DataType } from '../../onnx/dtype.ts';
import { Long } from '../../onnx/index.ts';
import type { NodeProto, TensorProto } from '../../onnx/types.ts';
import type { ConstTensor } from './const-tensor.ts';
import { evaluateNode } from './evaluate-node.ts';
import { fromTensorProto, toTensorProto } from './tensor-proto.ts';

const i64 = (dims: number[], v: (number | bigint)[]): ConstTensor => ({
  dataType: DataType.INT64,
  dims,
  data: BigInt64Array.from(v, (x) => BigInt(x)),
});
const f32 = (dims: number[], v: number[]): ConstTensor => ({
  dataType: DataType.FLOAT,
  dims,
  data: Float32Array.from(v),
});

function node(opType: string, inputs: number, attrs: Record<string, Parameters<typeof attribute>[1]> = {}): NodeProto {
  return {
    opType,
    input: Array.from({ length: inputs }, (_, i) => `x${i}`),
    output: ['y'],
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  };
}

function reason(n: NodeProto, inputs: (ConstTensor | undefined)[], maxBytes?: number, opset = 17): string {
  const r = evaluateNode(n, inputs, opset, maxBytes === undefined ? {} : { maxBytes });
  return r.ok ? 'ok' : r.reason;
}

describe('size cap: refused before allocating', () => {
  it('ConstantOfShape of 64 MB (over the 16 MB default) is TOO_LARGE', () => {
    expect(reason(node('ConstantOfShape', 1), [i64([2], [4096, 4096])])).toBe('TOO_LARGE');
  });
  it('ConstantOfShape of 10^12 × 10^12 elements is TOO_LARGE, not a RangeError', () => {
    expect(reason(node('ConstantOfShape', 1), [i64([2], [1e12, 1e12])])).toBe('TOO_LARGE');
  });
  it('INT64_MAX dims are TOO_LARGE; a zero dim makes any shape empty', () => {
    expect(reason(node('ConstantOfShape', 1), [i64([2], [2n ** 63n - 1n, 2n ** 63n - 1n])])).toBe('TOO_LARGE');
    const r = evaluateNode(node('ConstantOfShape', 1), [i64([2], [2n ** 62n, 0])], 17);
    expect(r.ok && r.outputs[0]?.data.length).toBe(0);
  });
  it('honours a smaller cap', () => {
    expect(reason(node('ConstantOfShape', 1), [i64([1], [300])], 1024)).toBe('TOO_LARGE');
    expect(reason(node('ConstantOfShape', 1), [i64([1], [256])], 1024)).toBe('ok');
  });
  it('Expand, Range, Tile-sized Concat results are capped', () => {
    expect(reason(node('Expand', 2), [f32([1], [1]), i64([3], [1000, 1000, 1000])])).toBe('TOO_LARGE');
    expect(reason(node('Range', 3), [i64([], [0]), i64([], [1e15]), i64([], [1])])).toBe('TOO_LARGE');
    expect(reason(node('Range', 3), [f32([], [0]), f32([], [1e30]), f32([], [1e-30])])).toBe('TOO_LARGE');
    const row = { dataType: DataType.FLOAT, dims: [1, 4096], data: new Float32Array(4096) };
    expect(reason(node('Add', 2), [row, { ...row, dims: [4096, 1] }], 1 << 20)).toBe('TOO_LARGE');
  });
});

const bool = (v: number[]): ConstTensor => ({ dataType: DataType.BOOL, dims: [v.length], data: Uint8Array.from(v) });

describe('Mod, Xor and Or (torch.onnx integer floor division)', () => {
  const values = (n: NodeProto, inputs: ConstTensor[]) => {
    const r = evaluateNode(n, inputs, 17);
    return r.ok ? Array.from(r.outputs[0]?.data as ArrayLike<number | bigint>) : r.reason;
  };
  const a = i64([4], [7, -7, 7, -7]);
  const b = i64([4], [4, 4, -4, -4]);
  it("fmod 0 takes the divisor's sign, as Python's %", () => {
    expect(values(node('Mod', 2), [a, b])).toEqual([3n, 1n, -1n, -3n]);
  });
  it("fmod 1 takes the dividend's sign, as C's fmod, for integers and floats", () => {
    expect(values(node('Mod', 2, { fmod: { int: 1 } }), [a, b])).toEqual([3n, -3n, 3n, -3n]);
    expect(values(node('Mod', 2, { fmod: { int: 1 } }), [f32([2], [5.5, -5.5]), f32([2], [2, 2])])).toEqual([
      1.5, -1.5,
    ]);
  });
  it('refuses a zero integer divisor and floats without fmod 1', () => {
    expect(values(node('Mod', 2), [a, i64([1], [0])])).toBe('INVALID');
    expect(values(node('Mod', 2), [f32([1], [1]), f32([1], [2])])).toBe('INVALID');
  });
  it('Xor and Or of bools', () => {
    expect(values(node('Xor', 2), [bool([0, 0, 1, 1]), bool([0, 1, 0, 1])])).toEqual([0, 1, 1, 0]);
    expect(values(node('Or', 2), [bool([0, 0, 1, 1]), bool([0, 1, 0, 1])])).toEqual([0, 1, 1, 1]);
  });
});

describe('hostile and invalid inputs are refused with a reason', () => {
  it.each<[string, NodeProto, (ConstTensor | undefined)[], string]>([
    ['negative ConstantOfShape dim', node('ConstantOfShape', 1), [i64([2], [-1, 4])], 'INVALID'],
    ['negative Expand dim', node('Expand', 2), [f32([1], [1]), i64([1], [-3])], 'INVALID'],
    ['Reshape with two -1', node('Reshape', 2), [f32([4], [1, 2, 3, 4]), i64([2], [-1, -1])], 'INVALID'],
    ['Reshape to a wrong count', node('Reshape', 2), [f32([4], [1, 2, 3, 4]), i64([1], [5])], 'INVALID'],
    ['Gather index out of range', node('Gather', 2), [i64([2], [1, 2]), i64([1], [2])], 'INVALID'],
    ['Gather of a scalar', node('Gather', 2), [i64([], [1]), i64([], [0])], 'INVALID'],
    ['integer division by zero', node('Div', 2), [i64([1], [1]), i64([1], [0])], 'INVALID'],
    ['INT64_MIN / -1', node('Div', 2), [i64([1], [-(2n ** 63n)]), i64([1], [-1])], 'INVALID'],
    ['Cast NaN to int32', node('Cast', 1, { to: { int: DataType.INT32 } }), [f32([1], [Number.NaN])], 'INVALID'],
    ['Cast 3e9 to int32', node('Cast', 1, { to: { int: DataType.INT32 } }), [f32([1], [3e9])], 'INVALID'],
    ['Cast 2^63 to int64', node('Cast', 1, { to: { int: DataType.INT64 } }), [f32([1], [2 ** 63])], 'INVALID'],
    ['Cast to string', node('Cast', 1, { to: { int: DataType.STRING } }), [f32([1], [1])], 'UNSUPPORTED_OP'],
    [
      'Slice step 0',
      node('Slice', 5),
      [i64([2], [1, 2]), i64([1], [0]), i64([1], [1]), i64([1], [0]), i64([1], [0])],
      'INVALID',
    ],
    ['Transpose with a bad perm', node('Transpose', 1, { perm: { ints: [0, 0] } }), [f32([1, 1], [1])], 'INVALID'],
    ['Concat without axis', node('Concat', 2), [i64([1], [1]), i64([1], [2])], 'INVALID'],
    [
      'Concat of mismatched shapes',
      node('Concat', 2, { axis: { int: 0 } }),
      [i64([1, 2], [1, 2]), i64([1, 1], [2])],
      'INVALID',
    ],
    ['Add of mixed types', node('Add', 2), [i64([1], [1]), f32([1], [1])], 'INVALID'],
    ['Add of shapes that do not broadcast', node('Add', 2), [f32([2], [1, 2]), f32([3], [1, 2, 3])], 'INVALID'],
    ['Range with delta 0', node('Range', 3), [i64([], [0]), i64([], [3]), i64([], [0])], 'INVALID'],
    ['Squeeze of a dim that is not 1', node('Squeeze', 2), [f32([2], [1, 2]), i64([1], [0])], 'INVALID'],
    ['Unsqueeze with a repeated axis', node('Unsqueeze', 2), [f32([2], [1, 2]), i64([2], [0, 0])], 'INVALID'],
    ['an input whose data disagrees with its dims', node('Neg', 1), [f32([3], [1])], 'INVALID'],
    ['an input that is not constant', node('Add', 2), [f32([1], [1]), undefined], 'NOT_CONSTANT'],
    ['an unknown op', node('Conv', 2), [f32([1], [1]), f32([1], [1])], 'UNSUPPORTED_OP'],
    [
      'an op of another domain',
      { ...node('Add', 2), domain: 'com.microsoft' },
      [f32([1], [1]), f32([1], [1])],
      'UNSUPPORTED_OP',
    ],
    ['an op named like an Object method', node('toString', 0), [], 'UNSUPPORTED_OP'],
    [
      'an input of rank 65',
      node('Identity', 1),
      [{ dataType: DataType.FLOAT, dims: Array(65).fill(1), data: new Float32Array(1) }],
      'INVALID',
    ],
    ['ConstantOfShape to rank 65', node('ConstantOfShape', 1), [i64([65], Array(65).fill(1))], 'INVALID'],
  ])('%s', (_, n, inputs, expected) => {
    expect(reason(n, inputs)).toBe(expected);
  });
});

describe('TensorProto conversion', () => {
  const dims = [Long.fromNumber(2)];
  it.each<[string, TensorProto, readonly (number | bigint)[]]>([
    ['float_data', { dataType: DataType.FLOAT, dims, floatData: [1.5, -2] }, [1.5, -2]],
    ['int32_data', { dataType: DataType.INT32, dims, int32Data: [-1, 7] }, [-1, 7]],
    [
      'int64_data past 2^53',
      { dataType: DataType.INT64, dims, int64Data: [Long.fromString('9007199254740993'), Long.fromNumber(-1)] },
      [9007199254740993n, -1n],
    ],
    ['bool in int32_data', { dataType: DataType.BOOL, dims, int32Data: [1, 0] }, [1, 0]],
    ['float16 bits in int32_data', { dataType: DataType.FLOAT16, dims, int32Data: [0x3c00, 0xc000] }, [0x3c00, 0xc000]],
    [
      'uint32 in uint64_data',
      { dataType: DataType.UINT32, dims, uint64Data: [Long.fromNumber(4294967295), Long.ZERO] },
      [4294967295, 0],
    ],
  ])('%s', (_, proto, expected) => {
    const r = fromTensorProto(proto);
    expect(r.ok && Array.from(r.tensor.data as ArrayLike<number | bigint>)).toEqual(expected);
    if (!r.ok) return;
    // Through raw_data and back: the same values.
    const back = fromTensorProto(toTensorProto('t', r.tensor));
    expect(back.ok && Array.from(back.tensor.data as ArrayLike<number | bigint>)).toEqual(expected);
  });
  it.each<[string, TensorProto, string]>([
    ['short raw_data', { dataType: DataType.FLOAT, dims, rawData: new Uint8Array(7) }, 'INVALID'],
    ['too few typed values', { dataType: DataType.INT64, dims, int64Data: [Long.ONE] }, 'INVALID'],
    ['negative dim', { dataType: DataType.FLOAT, dims: [Long.fromNumber(-1)], floatData: [] }, 'INVALID'],
    [
      'huge dims',
      { dataType: DataType.FLOAT, dims: [Long.fromNumber(1e9), Long.fromNumber(1e9)], rawData: new Uint8Array(0) },
      'TOO_LARGE',
    ],
    [
      'strings',
      { dataType: DataType.STRING, dims, stringData: [new Uint8Array(1), new Uint8Array(1)] },
      'UNSUPPORTED_OP',
    ],
    ['a side file not supplied', { dataType: DataType.FLOAT, dims, dataLocation: 1 }, 'NOT_CONSTANT'],
  ])('refuses %s', (_, proto, expected) => {
    const r = fromTensorProto(proto);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
});
