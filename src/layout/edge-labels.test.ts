import { describe, expect, it } from 'vitest';
import { ModelBuilder, valueInfo } from '../fixtures/builder.ts';
import { inferShapes } from '../optimize/shape/index.ts';
import { buildFullGraph, type InferredValueShapes } from './index.ts';

const noMarks = { candidates: [], fusedByOutput: new Map<string, number>() };

/** x[N,3,224,224] → Conv(8 filters, 3×3, stride 2) → Relu → y; only the graph input and output declare shapes. */
function convRelu(declareConvOut: boolean) {
  const b = new ModelBuilder();
  const x = b.input('x', 'float32', ['N', 3, 224, 224]);
  const w = b.initializer('w', 'float32', [8, 3, 3, 3], new Float32Array(8 * 27));
  const conv = b.op('Conv', [x, w], {
    output: 'conv_out',
    attributes: { strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] }, kernel_shape: { ints: [3, 3] } },
  });
  b.op('Relu', [conv], { output: 'y' });
  b.output('y', 'float32');
  if (declareConvOut) b.valueInfos.push(valueInfo('conv_out', 'float32', ['batch', 8, 112, 112]));
  return b.build();
}

const mainShapes = (model: ReturnType<typeof convRelu>): InferredValueShapes | undefined =>
  inferShapes(model).graphs.get('main');

/** The label of the edge carrying `value`, with the model's inferred shapes unless `withInference` is false. */
const labelOf = (model: ReturnType<typeof convRelu>, value: string, withInference = true) =>
  buildFullGraph(model.graph ?? {}, noMarks, withInference ? mainShapes(model) : undefined).edges.find(
    (e) => e.value === value,
  )?.label;

describe('edge labels', () => {
  it('an edge whose value the file declares no shape for is labelled with the inferred shape, symbols by name', () => {
    const model = convRelu(false);
    expect(labelOf(model, 'conv_out')).toBe('N×8×112×112');
    // The graph output declares a type without a shape: inference fills it in as well.
    expect(labelOf(model, 'y')).toBe('N×8×112×112');
    // Without inferred shapes (past the size limit), such an edge has no label, as before.
    expect(labelOf(model, 'conv_out', false)).toBe('');
  });

  it('the shape the file declares wins when every dim is stated', () => {
    const model = convRelu(true);
    expect(labelOf(model, 'conv_out')).toBe('batch×8×112×112');
    expect(labelOf(model, 'x')).toBe('N×3×224×224');
  });

  it('a declared shape with unknown dims gives way to the inferred one', () => {
    const model = convRelu(false);
    model.graph?.valueInfo?.push({
      name: 'conv_out',
      type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, {}, {}, {}] } } },
    });
    expect(labelOf(model, 'conv_out', false)).toBe('N×?×?×?');
    expect(labelOf(model, 'conv_out')).toBe('N×8×112×112');
  });
});
