import { describe, expect, it } from 'vitest';
import { type AttributeValue, GraphBuilder, ModelBuilder } from '../../fixtures/builder.ts';
import { buildControlFlowShapes, buildDynamicAttention, buildDynamicBatchCnn } from '../../fixtures/shape-models.ts';
import { DataType } from '../../onnx/dtype.ts';
import type { ModelProto } from '../../onnx/types.ts';
import type { ConstTensor } from '../evaluate/index.ts';
import { type Dim, inferShapes, lookupConstant, lookupShape, lookupSymbolic } from './index.ts';

/** A model of one node over inputs of the given shapes (int64 initializers given by values). */
function single(
  op: string,
  inputs: (readonly Dim[] | { int64: number[] } | '')[],
  attributes: Record<string, AttributeValue> = {},
  opset = 17,
  outputs = 1,
): ModelProto {
  const b = new ModelBuilder({ opset });
  const names = inputs.map((input, i) => {
    if (input === '') return '';
    if ('int64' in input) return b.int64Initializer(`c${i}`, [input.int64.length], input.int64);
    return b.input(`x${i}`, 'float32', input);
  });
  b.node(
    op,
    names,
    Array.from({ length: outputs }, (_, k) => `y${k}`),
    { attributes },
  );
  return b.build();
}

const values = (t: ConstTensor | undefined) => (t ? Array.from(t.data as ArrayLike<number | bigint>) : undefined);

const dimsOf = (model: ModelProto, name = 'y0') => lookupShape(inferShapes(model), 'main', name)?.dims;

describe('shape rules per op family', () => {
  it.each<[string, ModelProto, Dim[] | undefined]>([
    [
      'broadcast Add',
      single('Add', [
        ['N', 1, 4],
        [3, 1],
      ]),
      ['N', 3, 4],
    ],
    [
      'broadcast of two symbols keeps one when equal',
      single('Mul', [
        ['N', 4],
        ['N', 1],
      ]),
      ['N', 4],
    ],
    ['Where of three', single('Where', [[2, 1], [1, 'W'], []]), [2, 'W']],
    [
      'Conv with pads, stride, dilation',
      single(
        'Conv',
        [
          [1, 3, 17, 17],
          [8, 3, 3, 3],
        ],
        { pads: { ints: [1, 1, 1, 1] }, strides: { ints: [2, 2] }, dilations: { ints: [2, 2] } },
      ),
      [1, 8, 8, 8],
    ],
    [
      'Conv SAME_UPPER',
      single(
        'Conv',
        [
          [1, 3, 15, 15],
          [4, 3, 3, 3],
        ],
        { auto_pad: { string: 'SAME_UPPER' }, strides: { ints: [2, 2] } },
      ),
      [1, 4, 8, 8],
    ],
    [
      'MaxPool ceil_mode',
      single('MaxPool', [[1, 2, 10, 10]], {
        kernel_shape: { ints: [3, 3] },
        strides: { ints: [2, 2] },
        ceil_mode: { int: 1 },
      }),
      [1, 2, 5, 5],
    ],
    [
      'ConvTranspose with output_padding and group',
      single(
        'ConvTranspose',
        [
          [1, 4, 5, 5],
          [4, 2, 3, 3],
        ],
        { strides: { ints: [2, 2] }, output_padding: { ints: [1, 1] }, group: { int: 2 } },
      ),
      [1, 4, 12, 12],
    ],
    ['GlobalAveragePool', single('GlobalAveragePool', [['N', 8, 'H', 'W']]), ['N', 8, 1, 1]],
    ['MatMul batched with 1-D', single('MatMul', [[2, 'S', 4], [4]]), [2, 'S']],
    [
      'MatMul broadcast batch',
      single('MatMul', [
        [1, 3, 4],
        [5, 4, 6],
      ]),
      [5, 3, 6],
    ],
    [
      'Gemm transA',
      single(
        'Gemm',
        [
          [4, 'N'],
          [4, 6],
        ],
        { transA: { int: 1 } },
      ),
      ['N', 6],
    ],
    ['Reshape 0 and -1 with a symbolic batch', single('Reshape', [['N', 4, 2, 2], { int64: [0, -1] }]), ['N', 16]],
    ['Reshape -1 cancelling a symbol', single('Reshape', [['N', 6], { int64: [2, -1, 3] }]), [2, 'N', 3]],
    ['Flatten', single('Flatten', [[2, 3, 4]], { axis: { int: -1 } }), [6, 4]],
    ['Transpose', single('Transpose', [['N', 3, 5]], { perm: { ints: [2, 0, 1] } }), [5, 'N', 3]],
    [
      'Concat sums the axis',
      single(
        'Concat',
        [
          ['N', 3],
          ['N', 5],
        ],
        { axis: { int: 1 } },
      ),
      ['N', 8],
    ],
    ['Split by input (13)', single('Split', [['N', 6], { int64: [2, 4] }], { axis: { int: 1 } }, 13, 2), ['N', 2]],
    [
      'Split by attribute (11)',
      single('Split', [['N', 6]], { axis: { int: 1 }, split: { ints: [5, 1] } }, 11, 2),
      ['N', 5],
    ],
    ['Split in equal parts', single('Split', [[7, 2]], {}, 13, 2), [4, 2]],
    [
      'Slice clamps and steps back',
      single('Slice', [[10, 'W'], { int64: [-1] }, { int64: [-100] }, { int64: [0] }, { int64: [-3] }]),
      [4, 'W'],
    ],
    [
      'Slice of a whole symbolic axis keeps it',
      single('Slice', [['N', 'W'], { int64: [0] }, { int64: [2 ** 53] }, { int64: [1] }]),
      ['N', 'W'],
    ],
    [
      'Slice attrs (9)',
      single('Slice', [[5, 5]], { starts: { ints: [1] }, ends: { ints: [3] }, axes: { ints: [1] } }, 9),
      [5, 2],
    ],
    [
      'Gather 2-D indices',
      single('Gather', [
        [5, 'D'],
        [2, 3],
      ]),
      [2, 3, 'D'],
    ],
    ['Squeeze input axes (13)', single('Squeeze', [['N', 1, 4], { int64: [1] }]), ['N', 4]],
    ['Squeeze attribute axes (11)', single('Squeeze', [['N', 1, 4]], { axes: { ints: [-2] } }, 11), ['N', 4]],
    ['Squeeze without axes of a symbolic shape: rank unknown', single('Squeeze', [['N', 1, 4]]), undefined],
    ['Unsqueeze input axes (13)', single('Unsqueeze', [['N', 4], { int64: [0, -1] }]), [1, 'N', 4, 1]],
    ['Unsqueeze attribute axes (11)', single('Unsqueeze', [['N']], { axes: { ints: [1] } }, 11), ['N', 1]],
    ['Shape', single('Shape', [['N', 3, 'H']]), [3]],
    ['Expand', single('Expand', [[3, 1], { int64: [2, 1, 5] }]), [2, 3, 5]],
    ['Tile', single('Tile', [['N', 2], { int64: [3, 2] }]), ['mul(3,N)' as Dim, 4].map((d) => d)],
    [
      'Resize by scales',
      single('Resize', [['N', 3, 8, 8], '', { int64: [] }, { int64: [1, 3, 16, 12] }]),
      [1, 3, 16, 12],
    ],
    ['Pad by input', single('Pad', [[1, 3, 4, 4], { int64: [0, 0, 1, 2, 0, 0, 3, 4] }]), [1, 3, 8, 10]],
    ['Pad by attribute (2)', single('Pad', [[2, 2]], { pads: { ints: [1, 0, 1, 0] } }, 2), [4, 2]],
    [
      'ReduceMean axes attribute',
      single('ReduceMean', [['N', 3, 4]], { axes: { ints: [-1] }, keepdims: { int: 0 } }),
      ['N', 3],
    ],
    ['ReduceSum axes input (13)', single('ReduceSum', [['N', 3, 4], { int64: [1] }], {}), ['N', 1, 4]],
    ['ReduceMax of all (keepdims 0)', single('ReduceMax', [['N', 3]], { keepdims: { int: 0 } }), []],
    ['Softmax', single('Softmax', [['N', 10]]), ['N', 10]],
    ['LayerNormalization', single('LayerNormalization', [['N', 'S', 8], [8]]), ['N', 'S', 8]],
    ['ArgMax', single('ArgMax', [['N', 10]], { axis: { int: 1 } }), ['N', 1]],
    ['ConstantOfShape', single('ConstantOfShape', [{ int64: [2, 3] }]), [2, 3]],
    ['Dropout', single('Dropout', [['N', 3]]), ['N', 3]],
    ['DepthToSpace', single('DepthToSpace', [[1, 8, 2, 3]], { blocksize: { int: 2 } }), [1, 2, 4, 6]],
  ])('%s', (_, model, expected) => {
    const dims = dimsOf(model);
    if (expected?.some((d) => typeof d === 'string' && d.startsWith('mul('))) {
      expect(dims?.[1]).toBe(4);
      expect(typeof dims?.[0]).toBe('string');
    } else {
      expect(dims).toEqual(expected);
    }
  });

  it('keeps element types: Shape int64, comparisons bool, Cast its target', () => {
    expect(lookupShape(inferShapes(single('Shape', [[2]])), 'main', 'y0')?.elemType).toBe(DataType.INT64);
    expect(lookupShape(inferShapes(single('Less', [[2], [2]])), 'main', 'y0')?.elemType).toBe(DataType.BOOL);
    expect(
      lookupShape(inferShapes(single('Cast', [[2]], { to: { int: DataType.FLOAT16 } })), 'main', 'y0')?.elemType,
    ).toBe(DataType.FLOAT16);
  });
});

describe('symbolic shape arithmetic and constants', () => {
  it('Shape → Gather → Unsqueeze → Concat → Reshape keeps the batch symbol', () => {
    const shapes = inferShapes(buildDynamicBatchCnn());
    expect(lookupShape(shapes, 'main', 'probs')?.dims).toEqual(['batch', 5]);
    expect(lookupShape(shapes, 'main', 'mask')?.dims?.[0]).toBe('batch');
    expect(lookupShape(shapes, 'main', 'mask')?.dims?.slice(1)).toEqual([2, 22, 23]);
  });

  it('Shape of a value whose dims are all known is a constant, even when the batch is symbolic elsewhere', () => {
    const b = new ModelBuilder();
    b.input('x', 'float32', ['batch', 3]);
    const w = b.initializer('w', 'float32', [3, 7, 2], new Array(42).fill(0));
    const s = b.op('Shape', [w], { output: 'shape_w' });
    b.op('Gather', [s, b.int64Initializer('i', [], [-1])], { output: 'last' });
    b.op('Shape', ['x'], { output: 'shape_x' });
    const shapes = inferShapes(b.build());
    expect(values(lookupConstant(shapes, 'main', 'shape_w'))).toEqual([3n, 7n, 2n]);
    expect(values(lookupConstant(shapes, 'main', 'last'))).toEqual([2n]);
    expect(lookupConstant(shapes, 'main', 'shape_x')).toBeUndefined();
  });

  it('Shape of the static part of a symbolic value folds through Slice and Gather', () => {
    const b = new ModelBuilder();
    b.input('x', 'float32', ['batch', 3, 224]);
    const s = b.op('Shape', ['x']);
    b.op('Slice', [s, b.int64Initializer('s1', [1], [1]), b.int64Initializer('e', [1], [3])], { output: 'tail' });
    const shapes = inferShapes(b.build());
    expect(values(lookupConstant(shapes, 'main', 'tail'))).toEqual([3n, 224n]);
  });

  it('Shape → Slice by attributes (opset 9) → Concat → Reshape keeps the batch symbol', () => {
    const b = new ModelBuilder({ opset: 9 });
    b.input('x', 'float32', ['batch', 200, 1, 1]);
    const s = b.op('Shape', ['x']);
    const first = b.op('Slice', [s], {
      attributes: { starts: { ints: [0] }, ends: { ints: [1] }, axes: { ints: [0] } },
    });
    const target = b.op('Concat', [first, b.int64Initializer('c', [1], [200])], { attributes: { axis: { int: 0 } } });
    b.op('Reshape', ['x', target], { output: 'flat' });
    const shapes = inferShapes(b.build());
    expect(lookupShape(shapes, 'main', 'flat')?.dims).toEqual(['batch', 200]);
    expect(lookupSymbolic(shapes, 'main', target)?.elems).toEqual(['batch', 200]);
  });

  it('attention: Range over the sequence, Where, Reshape back to [batch, seq, 16]', () => {
    const shapes = inferShapes(buildDynamicAttention());
    expect(lookupShape(shapes, 'main', 'out')?.dims).toEqual(['batch', 'seq', 16]);
    expect(lookupShape(shapes, 'main', 'rows')?.dims).toEqual(['batch', 'seq', 16]);
    expect(lookupShape(shapes, 'main', 'pooled')?.dims).toEqual(['batch', 16]);
  });

  it('If branches and a Loop body see the captured value; outputs merge', () => {
    const shapes = inferShapes(buildControlFlowShapes());
    expect(lookupShape(shapes, 'main/If_0.then_branch', 'then_out')?.dims).toEqual(['batch', 8]);
    expect(lookupShape(shapes, 'main/If_0.else_branch', 'else_out')?.dims).toEqual(['batch', 8]);
    expect(lookupShape(shapes, 'main/If_0.then_branch', 'doubled')?.dims).toEqual(['batch', 8]);
    expect(lookupShape(shapes, 'main', 'chosen')?.dims).toEqual(['batch', 8]);
    expect(lookupShape(shapes, 'main/Loop_0.body', 'acc_out')?.dims).toEqual(['batch', 8]);
    expect(lookupShape(shapes, 'main', 'acc_final')?.dims).toEqual(['batch', 8]);
    const scans = lookupShape(shapes, 'main', 'sums_all')?.dims;
    expect(scans?.[1]).toBe('batch');
    expect(typeof scans?.[0]).toBe('string');
  });

  it('a Loop body that grows its carried value gets a fresh symbol, not the initial size', () => {
    const b = new ModelBuilder();
    b.input('x', 'float32', [2]);
    b.int64Initializer('n', [], [3]);
    const body = new GraphBuilder('body');
    body.input('i', 'int64', []);
    body.input('c', 'bool', []);
    body.input('acc', 'float32');
    body.op('Identity', ['c'], { output: 'c_out' });
    body.op('Concat', ['acc', 'acc'], { output: 'acc_out', attributes: { axis: { int: 0 } } });
    body.output('c_out', 'bool');
    body.output('acc_out', 'float32');
    b.node('Loop', ['n', '', 'x'], ['final'], { name: 'L', attributes: { body: { graph: body.build() } } });
    const dims = lookupShape(inferShapes(b.build()), 'main', 'final')?.dims;
    expect(dims?.length).toBe(1);
    expect(typeof dims?.[0]).toBe('string');
  });
});

describe('hostile input: unknown, never a throw', () => {
  it('unknown ops, other domains and bad attributes give unknown shapes', () => {
    expect(dimsOf(single('NoSuchOp', [[2]]))).toBeUndefined();
    expect(
      dimsOf(
        single(
          'Conv',
          [
            [1, 3, 8, 8],
            [4, 3, 3, 3],
          ],
          { strides: { ints: [0, 0] } },
        ),
      ),
    ).toBeUndefined();
    expect(dimsOf(single('Transpose', [[2, 3]], { perm: { ints: [0, 5] } }))).toBeUndefined();
    expect(dimsOf(single('Concat', [[2], [3]]))).toBeUndefined();
    expect(dimsOf(single('Reshape', [[6], { int64: [-1, -1] }]))).toBeUndefined();
    expect(dimsOf(single('Reshape', [[6], { int64: [-5] }]))).toBeUndefined();
  });

  it('a declared rank of 100 is "rank unknown"; a hostile ConstantOfShape shape is inferred, never allocated', () => {
    expect(dimsOf(single('Relu', [new Array(100).fill(1)]))).toBeUndefined();
    expect(dimsOf(single('ConstantOfShape', [{ int64: [1e12, 1e12] }]))).toEqual([1e12, 1e12]);
    expect(dimsOf(single('ConstantOfShape', [{ int64: [-3] }]))).toBeUndefined();
  });

  it('Ifs nested 60 deep and a cyclic graph end', () => {
    let inner = new GraphBuilder('g');
    inner.output(inner.op('Relu', ['x'], { output: 'r0' }), 'float32');
    for (let depth = 1; depth < 60; depth++) {
      const g = new GraphBuilder('g');
      const otherwise = new GraphBuilder('e');
      otherwise.output(otherwise.op('Neg', ['x'], { output: `e${depth}` }), 'float32');
      g.node('If', ['flag'], [`r${depth}`], {
        attributes: { then_branch: { graph: inner.build() }, else_branch: { graph: otherwise.build() } },
      });
      g.output(`r${depth}`, 'float32');
      inner = g;
    }
    const b = new ModelBuilder();
    b.input('x', 'float32', [2]);
    b.input('flag', 'bool', []);
    b.node('If', ['flag'], ['y'], {
      attributes: { then_branch: { graph: inner.build() }, else_branch: { graph: inner.build() } },
    });
    b.node('Add', ['a', 'x'], ['b']);
    b.node('Add', ['b', 'x'], ['a']);
    const shapes = inferShapes(b.build());
    expect(shapes.graphs.size).toBeGreaterThan(30);
  });

  it('Loops nested 24 deep that each grow their carried value end promptly (bounded work)', () => {
    let body = new GraphBuilder('body');
    body.input('i', 'int64', []);
    body.input('c', 'bool', []);
    body.input('acc', 'float32');
    body.op('Identity', ['c'], { output: 'c_out' });
    body.op('Concat', ['acc', 'acc'], { output: 'acc_out', attributes: { axis: { int: 0 } } });
    body.output('c_out', 'bool');
    body.output('acc_out', 'float32');
    for (let depth = 0; depth < 24; depth++) {
      const outer = new GraphBuilder('body');
      outer.input('i', 'int64', []);
      outer.input('c', 'bool', []);
      outer.input('acc', 'float32');
      outer.op('Identity', ['c'], { output: 'c_out' });
      outer.node('Loop', ['n', '', 'acc'], ['grown'], { attributes: { body: { graph: body.build() } } });
      outer.op('Concat', ['grown', 'acc'], { output: 'acc_out', attributes: { axis: { int: 0 } } });
      outer.output('c_out', 'bool');
      outer.output('acc_out', 'float32');
      body = outer;
    }
    const b = new ModelBuilder();
    b.input('x', 'float32', [2]);
    b.int64Initializer('n', [], [2]);
    b.node('Loop', ['n', '', 'x'], ['y'], { attributes: { body: { graph: body.build() } } });
    const started = performance.now();
    inferShapes(b.build());
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
