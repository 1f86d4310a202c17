import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, ModelBuilder } from '../../src/fixtures/builder.ts';
import { DataType } from '../../src/onnx/dtype.ts';
import type { NodeProto } from '../../src/onnx/types.ts';
import { type ConstTensor, EVALUATED_OPS, evaluateNode } from '../../src/optimize/evaluate/index.ts';
import { inferShapes } from '../../src/optimize/shape/index.ts';

const SEED = 20261214;
const OPS = [
  ...EVALUATED_OPS,
  'Conv',
  'MaxPool',
  'Resize',
  'Pad',
  'Split',
  'Tile',
  'MatMul',
  'Gemm',
  'ReduceMean',
  'If',
  'Nope',
];
const TYPES = [
  DataType.FLOAT,
  DataType.INT64,
  DataType.INT32,
  DataType.BOOL,
  DataType.FLOAT16,
  DataType.UINT8,
  DataType.DOUBLE,
  DataType.STRING,
];
/** Values that break things: extremes, negatives, zero, huge. */
const hostileInt = fc.oneof(
  fc.integer({ min: -4, max: 6 }),
  fc.constantFrom(-1, 0, 2 ** 31, -(2 ** 31), 2 ** 53, 1e12, -1e12),
);

const tensor: fc.Arbitrary<ConstTensor> = fc
  .record({
    dataType: fc.constantFrom(...TYPES),
    dims: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
    values: fc.array(hostileInt, { maxLength: 256 }),
  })
  .map(({ dataType, dims, values }) => {
    const count = dims.reduce((p, d) => p * d, 1);
    const v = (i: number) => values[i % Math.max(values.length, 1)] ?? 0;
    const data =
      dataType === DataType.INT64
        ? BigInt64Array.from({ length: count }, (_, i) => BigInt(v(i)))
        : dataType === DataType.FLOAT
          ? Float32Array.from({ length: count }, (_, i) => v(i))
          : dataType === DataType.DOUBLE
            ? Float64Array.from({ length: count }, (_, i) => v(i))
            : dataType === DataType.INT32
              ? Int32Array.from({ length: count }, (_, i) => v(i))
              : dataType === DataType.FLOAT16
                ? Uint16Array.from({ length: count }, (_, i) => v(i))
                : Uint8Array.from({ length: count }, (_, i) => v(i));
    return { dataType, dims, data };
  });

const attributes = fc.dictionary(
  fc.constantFrom(
    'axis',
    'axes',
    'perm',
    'to',
    'keepdims',
    'start',
    'end',
    'allowzero',
    'starts',
    'ends',
    'kernel_shape',
    'strides',
    'pads',
    'value',
  ),
  fc.oneof(
    hostileInt.map((int) => ({ int })),
    fc.array(hostileInt, { maxLength: 5 }).map((ints) => ({ ints })),
    fc.constant({ float: Number.NaN }),
  ),
  { maxKeys: 4 },
);

describe(`constant evaluator and shape inference on random hostile nodes (seed ${SEED})`, () => {
  it('evaluateNode ends in a result or a refusal, within the cap, promptly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPS),
        fc.array(fc.option(tensor, { nil: undefined }), { maxLength: 5 }),
        attributes,
        fc.constantFrom(7, 9, 11, 13, 17, 18, 21),
        (op, inputs, attrs, opset) => {
          const node: NodeProto = {
            opType: op,
            input: inputs.map((_, i) => `x${i}`),
            output: ['y'],
            attribute: Object.entries(attrs).map(([k, value]) => attribute(k, value)),
          };
          const started = performance.now();
          const result = evaluateNode(node, inputs, opset, { maxBytes: 1 << 16 });
          expect(performance.now() - started).toBeLessThan(2000);
          if (result.ok) {
            for (const out of result.outputs) {
              expect(out.data.byteLength).toBeLessThanOrEqual(1 << 16);
              expect(out.data.length).toBe(out.dims.reduce((p, d) => p * d, 1));
            }
          } else {
            expect(['UNSUPPORTED_OP', 'TOO_LARGE', 'NOT_CONSTANT', 'INVALID']).toContain(result.reason);
          }
        },
      ),
      { seed: SEED, numRuns: 4000 },
    );
  });

  it('inferShapes of random graphs never throws and keeps ranks within the cap', () => {
    const dim = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom('N', 'H', ''));
    fc.assert(
      fc.property(
        fc.array(fc.array(dim, { maxLength: 5 }), { minLength: 1, maxLength: 3 }),
        fc.array(
          fc.record({ op: fc.constantFrom(...OPS), inputs: fc.array(fc.nat(12), { maxLength: 4 }), attrs: attributes }),
          { maxLength: 12 },
        ),
        fc.array(fc.array(hostileInt, { maxLength: 6 }), { maxLength: 3 }),
        fc.constantFrom(9, 11, 13, 17, 18),
        (inputShapes, nodes, constants, opset) => {
          const b = new ModelBuilder({ opset });
          const names: string[] = [];
          inputShapes.forEach((shape, i) => {
            names.push(
              b.input(
                `in${i}`,
                'float32',
                shape.map((d) => (d === '' ? 0 : d)),
              ),
            );
          });
          constants.forEach((values, i) => {
            names.push(b.int64Initializer(`k${i}`, [values.length], values));
          });
          nodes.forEach(({ op, inputs, attrs }, i) => {
            const picked = inputs.map((k) => names[k % names.length] as string);
            b.node(op, picked, [`v${i}`], { attributes: attrs });
            names.push(`v${i}`);
          });
          const shapes = inferShapes(b.build());
          for (const values of shapes.graphs.values()) {
            for (const s of values.values()) expect((s.dims?.length ?? 0) <= 64).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
