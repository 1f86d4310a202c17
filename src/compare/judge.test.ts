import { describe, expect, it } from 'vitest';
import { halfFloats } from '../onnx/float16.ts';
import { isCompareError } from './errors.ts';
import { buildVerification, pairOutputs } from './judge.ts';
import { matchOutputs } from './match.ts';
import { outputNumbers } from './numbers.ts';

const half = halfFloats();
const labels = { reference: 'a.onnx', actual: 'b.onnx' };
const out = (name: string, values: number[], dims = [values.length], type = 'float32') => ({
  name,
  type,
  dims,
  values,
});

describe('matchOutputs', () => {
  it('pairs by name, then what is left by position when both sides have as many left', () => {
    expect(matchOutputs(['y', 'm'], ['m', 'y'])).toEqual({
      pairs: [
        { reference: 'y', actual: 'y', by: 'name' },
        { reference: 'm', actual: 'm', by: 'name' },
      ],
      onlyReference: [],
      onlyActual: [],
    });
    expect(matchOutputs(['y', 'logits', 'probs'], ['y', 'out1', 'out2']).pairs).toEqual([
      { reference: 'y', actual: 'y', by: 'name' },
      { reference: 'logits', actual: 'out1', by: 'position' },
      { reference: 'probs', actual: 'out2', by: 'position' },
    ]);
    expect(matchOutputs(['y', 'z'], ['y', 'p', 'q'])).toEqual({
      pairs: [{ reference: 'y', actual: 'y', by: 'name' }],
      onlyReference: ['z'],
      onlyActual: ['p', 'q'],
    });
  });
});

describe('buildVerification', () => {
  it('fails an output whose shapes differ, and a reference output the other model lacks', () => {
    const { pairs, matching } = pairOutputs(
      [out('y', [1, 2, 3, 4], [2, 2]), out('z', [1])],
      [out('y', [1, 2, 3, 4], [4, 1]), out('q', [1]), out('r', [2])],
    );
    const report = buildVerification([], pairs, matching, labels);
    expect(report.outputs[0]).toMatchObject({ name: 'y', verdict: 'fail', compared: 0, actualDims: [4, 1] });
    expect(report.outputs[0]?.notes[0]?.text).toBe(
      'The models give this output in different shapes: [2, 2] and [4, 1]; no value could be compared.',
    );
    expect(report.matching).toEqual({
      onlyReference: ['z'],
      onlyActual: ['q', 'r'],
      note: 'Only the a.onnx model has z: not compared. Only the b.onnx model has q, r: not compared.',
    });
    expect(report.verdict).toBe('fail');
  });

  it('judges integers exactly and floats by their type, and passes equal outputs', () => {
    const { pairs, matching } = pairOutputs(
      [out('f', [1, 2]), out('i', [3, 4], [2], 'int64')],
      [out('f', [1 + 5e-5, 2]), out('i', [3, 4], [2], 'int64')],
    );
    const report = buildVerification([], pairs, matching, labels);
    expect(report.outputs.map((o) => [o.name, o.tolerance, o.verdict])).toEqual([
      ['f', { atol: 1e-4, rtol: 1e-3 }, 'pass'],
      ['i', { atol: 0, rtol: 0 }, 'pass'],
    ]);
    expect(report).toMatchObject({ verdict: 'pass', pass: true, matching: { onlyReference: [], onlyActual: [] } });
  });
});

describe('outputNumbers', () => {
  it('reads every dtype as numbers: float16 and bfloat16 from their bits, 64-bit integers, booleans', () => {
    expect(Array.from(outputNumbers('float16', Uint16Array.from([0x3c00, 0xc000, 0x7c00, 0x0001]), half))).toEqual([
      1,
      -2,
      Number.POSITIVE_INFINITY,
      2 ** -24,
    ]);
    expect(Array.from(outputNumbers('bfloat16', Uint16Array.from([0x3f80, 0xc040, 0x7fc0]), half))).toEqual([
      1,
      -3,
      Number.NaN,
    ]);
    expect(Array.from(outputNumbers('int64', BigInt64Array.from([-5n, 2n ** 40n]), half))).toEqual([-5, 2 ** 40]);
    expect(Array.from(outputNumbers('uint64', BigUint64Array.from([7n]), half))).toEqual([7]);
    expect(Array.from(outputNumbers('bool', Uint8Array.from([1, 0]), half))).toEqual([1, 0]);
    // uint16 outputs are integers, not half floats.
    expect(Array.from(outputNumbers('uint16', Uint16Array.from([0x3c00]), half))).toEqual([0x3c00]);
  });

  it('refuses string outputs with a typed error', () => {
    try {
      outputNumbers('string', ['a', 'b'], half);
      throw new Error('no refusal');
    } catch (error) {
      expect(isCompareError(error) && error.code).toBe('OUTPUT_UNSUPPORTED');
    }
  });
});
