import { describe, expect, it } from 'vitest';
import { buildConvBn, buildResNetLike, buildWeightHeavy } from '../fixtures/models.ts';
import { lengthField, varintField } from '../fixtures/wire-bytes.ts';
import { decodeModel, encodeModel } from './codec.ts';
import { encodeModelParts, joinParts } from './encode-parts.ts';
import { OnnxError } from './errors.ts';
import type { ModelProto } from './types.ts';

const text = (s: string) => [...new TextEncoder().encode(s)];

/** A model with fields this schema does not know at the model, graph and tensor levels, as decoded. */
function withUnknownFields(): ModelProto {
  const model = decodeModel(
    new Uint8Array([...encodeModel(buildConvBn()), ...varintField(30, 7), ...lengthField(31, text('future'))]),
  );
  const keepUnknown = (message: object, field: number) =>
    Object.defineProperty(message, '$unknowns', { value: [new Uint8Array(varintField(field, 1))] });
  if (!model.graph) throw new Error('fixture has no graph');
  keepUnknown(model.graph, 40);
  for (const tensor of model.graph.initializer ?? []) keepUnknown(tensor, 31);
  return model;
}

describe('encodeModelParts', () => {
  const models: [string, () => ModelProto][] = [
    ['conv-bn', () => buildConvBn()],
    ['conv-bn typed fields', () => buildConvBn({ storage: 'typed' })],
    ['conv-bn constants', () => buildConvBn({ weights: 'constant' })],
    ['resnet-like', () => buildResNetLike()],
    ['weight-heavy 2 MB', () => buildWeightHeavy(2)],
    ['unknown fields', withUnknownFields],
    ['no graph', () => ({ producerName: 'x', docString: 'no graph' })],
  ];

  it.each(models)('%s: the parts join to exactly what encodeModel writes, at any threshold', (_name, build) => {
    const model = build();
    const whole = encodeModel(model);
    for (const threshold of [1, 100, 64 * 1024, Number.POSITIVE_INFINITY]) {
      expect(joinParts(encodeModelParts(model, threshold))).toEqual(whole);
    }
  });

  it('hands out large weights as views of the tensors, not copies', () => {
    const model = decodeModel(encodeModel(buildWeightHeavy(2)));
    const big = (model.graph?.initializer ?? []).filter((t) => (t.rawData?.length ?? 0) >= 64 * 1024);
    expect(big.length).toBeGreaterThan(0);
    const parts = encodeModelParts(model);
    for (const tensor of big) expect(parts).toContain(tensor.rawData);
    // A few merged chunks around the views, not one array per field.
    expect(parts.length).toBeLessThanOrEqual(2 * big.length + 1);
  });

  it('refuses a model past 2 GiB before copying anything', () => {
    // Two views of one lazily zeroed 1.1 GB buffer: pages never touched, as no byte is copied.
    const shared = new Uint8Array(1.1e9);
    const tensor = (name: string) => ({ name, dataType: 1, dims: [], rawData: shared });
    const model: ModelProto = { producerName: 'x', graph: { name: 'g', initializer: [tensor('a'), tensor('b')] } };
    expect(() => encodeModelParts(model)).toThrow(OnnxError);
    expect(() => encodeModelParts(model)).toThrow(/past protobuf's 2 GiB limit/);
  });
});
