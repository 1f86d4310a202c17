import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/fixtures/builder.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { optimize } from '../src/optimize/index.ts';
import { readRealModel } from './helpers/real-models.ts';

/**
 * What makes the optimizer fast on weight-heavy models must not change what it does: duplicate
 * initializers are grouped by a sample of their bytes, then compared whole; the CLI lets the folds
 * rewrite weights where they are stored (overwriteInput), which must give the same model.
 */
describe('optimize on large weights', () => {
  it('merges equal large initializers, never ones that differ only between the sampled bytes', () => {
    const b = new ModelBuilder({ graphName: 'big_weights' });
    const x = b.input('x', 'float32', [1, 4096]);
    const base = Array.from({ length: 4096 }, (_, i) => (i % 97) / 97);
    // Differs from `base` in one element (bytes 400–403), between two sampled windows.
    const almost = base.map((v, i) => (i === 100 ? v + 1 : v));
    b.initializer('a', 'float32', [1, 4096], base);
    b.initializer('same_as_a', 'float32', [1, 4096], base);
    b.initializer('almost_a', 'float32', [1, 4096], almost);
    const s1 = b.op('Add', [x, 'a'], { name: 'add_a' });
    const s2 = b.op('Add', [s1, 'same_as_a'], { name: 'add_same' });
    b.op('Add', [s2, 'almost_a'], { name: 'add_almost', output: 'y' });
    b.output('y', 'float32', [1, 4096]);
    const result = optimize(b.build());
    const initializers = (result.model.graph?.initializer ?? []).map((t) => t.name).sort();
    expect(initializers).toEqual(['a', 'almost_a']);
    expect(result.record.passes.find((p) => p.pass === 'constants')?.applied).toEqual(['constants:same_as_a#merged']);
  });

  it('overwriteInput gives the same optimized model as a run that keeps its input', () => {
    const bytes = readRealModel('ch_PP-OCRv4_det_infer.onnx');
    const kept = encodeModel(optimize(decodeModel(bytes)).model);
    const overwritten = encodeModel(optimize(decodeModel(bytes), { overwriteInput: true }).model);
    expect(overwritten).toEqual(kept);
  }, 60_000);
});
