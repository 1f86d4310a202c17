import { describe, expect, it } from 'vitest';
import { buildConvBn, buildResNetLike } from '../fixtures/models.ts';
import { deeplyNestedModel, lengthField, varintField } from '../fixtures/wire-bytes.ts';
import { decodeModel, encodeModel } from './codec.ts';
import { DataType } from './dtype.ts';
import { OnnxError, type OnnxErrorCode } from './errors.ts';
import { Long, onnx } from './protobuf.ts';

const text = (s: string) => [...new TextEncoder().encode(s)];
const valid = encodeModel(buildConvBn());

/** One row per kind of bad input: the bytes and the error code the user must get. */
const BAD_INPUTS: [string, Uint8Array, OnnxErrorCode][] = [
  ['an empty file', new Uint8Array(0), 'EMPTY_FILE'],
  [
    'a PNG image',
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    'NOT_PROTOBUF',
  ],
  ['a text file', new Uint8Array(text('hello world, this is not a model\n')), 'NOT_PROTOBUF'],
  ['a JSON file', new Uint8Array(text('{"graph": {"node": []}}')), 'NOT_PROTOBUF'],
  [
    'a TensorProto saved as a file',
    onnx.TensorProto.encode({
      name: 'w',
      dataType: DataType.FLOAT,
      dims: [Long.fromNumber(2)],
      floatData: [1, 2],
    }).finish(),
    'NOT_A_MODEL',
  ],
  [
    'protobuf with no ModelProto fields',
    new Uint8Array([...varintField(30, 1), ...lengthField(31, text('x'))]),
    'NOT_A_MODEL',
  ],
  ['a model cut in half', valid.slice(0, Math.floor(valid.length / 2)), 'TRUNCATED'],
  ['a model missing its last byte', valid.slice(0, valid.length - 1), 'TRUNCATED'],
  [
    'a node length running past its graph',
    new Uint8Array([
      ...varintField(1, 8),
      ...lengthField(7, lengthField(1, text('abc'), 40)),
      ...lengthField(2, text('x'.repeat(60))),
    ]),
    'LENGTH_PAST_END',
  ],
  ['graphs nested 200 deep', deeplyNestedModel(200), 'NESTING_TOO_DEEP'],
  ['a model without a graph', new Uint8Array([...varintField(1, 8), ...lengthField(2, text('exporter'))]), 'NO_GRAPH'],
  [
    'a tensor with less data than its dims',
    encodeModel(
      new onnx.ModelProto({
        irVersion: Long.fromNumber(8),
        graph: {
          name: 'g',
          initializer: [
            { name: 'w', dataType: DataType.FLOAT, dims: [Long.fromNumber(10)], rawData: new Uint8Array(8) },
          ],
        },
      }),
    ),
    'TENSOR_DATA_SHORT',
  ],
  [
    'a tensor with a negative dim',
    encodeModel(
      new onnx.ModelProto({
        irVersion: Long.fromNumber(8),
        graph: {
          name: 'g',
          initializer: [{ name: 'w', dataType: DataType.FLOAT, dims: [Long.fromNumber(-3)], floatData: [] }],
        },
      }),
    ),
    'INVALID_DIMS',
  ],
  [
    'a tensor whose dims multiply past any buffer',
    encodeModel(
      new onnx.ModelProto({
        irVersion: Long.fromNumber(8),
        graph: {
          name: 'g',
          initializer: [
            {
              name: 'w',
              dataType: DataType.FLOAT,
              dims: [1e6, 1e6, 1e6].map((d) => Long.fromNumber(d)),
              floatData: [],
            },
          ],
        },
      }),
    ),
    'TENSOR_TOO_LARGE',
  ],
];

describe('decodeModel on bad input', () => {
  it.each(BAD_INPUTS.map(([what, bytes, code]) => [what, code, bytes] as const))(
    '%s gives %s',
    (_what, code, bytes) => {
      let thrown: unknown;
      try {
        decodeModel(bytes);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OnnxError);
      expect((thrown as OnnxError).code).toBe(code);
      expect((thrown as OnnxError).message).toMatch(/^[A-Z].*[.?]$/);
    },
  );
});

describe('decodeModel and encodeModel', () => {
  it('decode(encode(decode(x))) equals decode(x) for fixtures', () => {
    for (const model of [
      buildConvBn(),
      buildConvBn({ dtype: 'float16', storage: 'typed', bias: false }),
      buildResNetLike(),
    ]) {
      const once = decodeModel(encodeModel(model));
      expect(decodeModel(encodeModel(once))).toEqual(once);
    }
  });

  it('keeps fields it does not know, such as those of a newer IR', () => {
    const bytes = new Uint8Array([...valid, ...lengthField(99, text('from the future')), ...varintField(98, 5)]);
    const model = decodeModel(bytes);
    const again = encodeModel(model);
    expect(again.length).toBe(bytes.length);
    expect(decodeModel(again).$unknowns).toEqual(model.$unknowns);
  });

  it('keeps int64 values past 2^53 exactly', () => {
    const big = Long.fromString('9223372036854775807');
    const model = new onnx.ModelProto({
      irVersion: Long.fromNumber(8),
      graph: {
        name: 'g',
        initializer: [{ name: 'ends', dataType: DataType.INT64, dims: [Long.fromNumber(1)], int64Data: [big] }],
      },
    });
    const back = decodeModel(encodeModel(model));
    expect(back.graph?.initializer?.[0]?.int64Data?.[0]?.toString()).toBe('9223372036854775807');
  });

  it('decodes raw_data as views into the input, not copies', () => {
    const model = decodeModel(valid);
    const raw = model.graph?.initializer?.[0]?.rawData as Uint8Array;
    expect(raw.buffer).toBe(valid.buffer);
  });
});
