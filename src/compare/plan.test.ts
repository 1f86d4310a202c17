import { describe, expect, it } from 'vitest';
import { halfFloats } from '../onnx/float16.ts';
import { isCompareError } from './errors.ts';
import type { InputSpec } from './inputs.ts';
import { type InputPlanOptions, planInputs } from './plan.ts';

const half = halfFloats();
const base: InputPlanOptions = { seed: 1, inputScale: 1, half };
/** The Silero VAD v5 model's inputs, as the npm package @ricky0123/vad-web ships it. */
const vad: InputSpec[] = [
  { name: 'input', elemType: 1, dims: ['', ''] },
  { name: 'state', elemType: 1, dims: [2, '', 128] },
  { name: 'sr', elemType: 7, dims: [] },
];

const le = (array: Float32Array | BigInt64Array) => new Uint8Array(array.buffer.slice(0));

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isCompareError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('no refusal');
}

describe('planInputs', () => {
  it('random data: seeded, each input its own stream, symbolic dims 1 on axis 0 and 64 after', () => {
    const plan = planInputs(vad, base);
    expect(plan.map((p) => [p.name, p.type, p.dims, p.source])).toEqual([
      ['input', 'float32', [1, 64], 'random, seed 1'],
      ['state', 'float32', [2, 64, 128], 'random, seed 1'],
      ['sr', 'int64', [], 'random, seed 1'],
    ]);
    expect(planInputs(vad, base)[0]?.data).toEqual(plan[0]?.data);
    expect(planInputs(vad, { ...base, seed: 2 })[0]?.data).not.toEqual(plan[0]?.data);
    // Giving the first input data of its own leaves the others' random data as it was.
    const given = planInputs(vad, { ...base, sources: { input: { kind: 'values', text: '0.5' } } });
    expect(given[0]?.source).toBe('values 0.5');
    expect(given[1]?.data).toEqual(plan[1]?.data);
    expect(given[2]?.data).toEqual(plan[2]?.data);
    // And the streams differ from input to input.
    expect(Array.from(plan[1]?.data as Float32Array).slice(0, 64)).not.toEqual(
      Array.from(plan[0]?.data as Float32Array),
    );
  });

  it('a value list fills a scalar, repeats one value, and sizes the one open dim by its length', () => {
    const plan = planInputs(vad, {
      ...base,
      shapes: { state: [2, 1, 128] },
      sources: { sr: { kind: 'values', text: '16000' }, input: { kind: 'values', text: '[[0.5, -1, 2, 0]]' } },
    });
    const sr = plan.find((p) => p.name === 'sr');
    expect(sr?.data).toEqual(BigInt64Array.from([16000n]));
    expect(sr?.source).toBe('values 16000');
    const input = plan.find((p) => p.name === 'input');
    // input[0] defaults to 1 (leading axis), input[1] is open: the 4 values size it.
    expect(input?.dims).toEqual([1, 4]);
    expect(Array.from(input?.data as Float32Array)).toEqual([0.5, -1, 2, 0]);
  });

  it('a given tensor fixes its input and every dim it shares by name', () => {
    const specs: InputSpec[] = [
      { name: 'a', elemType: 1, dims: ['N', 3] },
      { name: 'b', elemType: 1, dims: ['N', 5] },
    ];
    const tensor = { dataType: 1, dims: [4, 3], data: le(Float32Array.from({ length: 12 }, (_, i) => i)) };
    const plan = planInputs(specs, { ...base, sources: { a: { kind: 'tensor', label: 'a.npy', tensor } } });
    expect(plan[0]).toMatchObject({ dims: [4, 3], source: 'a.npy' });
    expect(Array.from(plan[0]?.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(plan[1]?.dims).toEqual([4, 5]);
  });

  it('refuses, with the input named, what does not fit', () => {
    const f64 = { dataType: 11, dims: [1, 4], data: new Uint8Array(32) };
    expect(
      refusal(() => planInputs(vad, { ...base, sources: { input: { kind: 'tensor', label: 'x.npy', tensor: f64 } } })),
    ).toEqual({
      code: 'INPUT_TYPE',
      message: 'x.npy holds float64 values, but input "input" is float32.',
    });
    const wrongRank = { dataType: 1, dims: [4], data: new Uint8Array(16) };
    expect(
      refusal(() =>
        planInputs(vad, { ...base, sources: { state: { kind: 'tensor', label: 's.pb', tensor: wrongRank } } }),
      ).code,
    ).toBe('INPUT_SHAPE');
    expect(refusal(() => planInputs(vad, { ...base, sources: { sr: { kind: 'values', text: '16k' } } }))).toEqual({
      code: 'INPUT_VALUES',
      message: '"16k" in the values for input "sr" is not a number.',
    });
    expect(refusal(() => planInputs(vad, { ...base, sources: { sr: { kind: 'values', text: '0.5' } } })).message).toBe(
      '0.5 cannot be a value of input "sr", which is int64.',
    );
    expect(refusal(() => planInputs(vad, { ...base, sources: { nope: { kind: 'values', text: '1' } } }))).toEqual({
      code: 'INPUT_UNKNOWN',
      message: 'The model has no input "nope" (its inputs: input, state, sr).',
    });
    const a = { dataType: 1, dims: [2, 3], data: new Uint8Array(24) };
    const b = { dataType: 1, dims: [3, 5], data: new Uint8Array(60) };
    const specs: InputSpec[] = [
      { name: 'a', elemType: 1, dims: ['N', 3] },
      { name: 'b', elemType: 1, dims: ['N', 5] },
    ];
    const conflict = refusal(() =>
      planInputs(specs, {
        ...base,
        sources: { a: { kind: 'tensor', label: 'a.npy', tensor: a }, b: { kind: 'tensor', label: 'b.npy', tensor: b } },
      }),
    );
    expect(conflict.message).toBe(
      'Dimension "N" is 2 in a.npy (input "a") but 3 in b.npy (input "b"): inputs that share a dimension must agree on its size.',
    );
  });

  it('a picture is resized by the caller to the input H×W, normalized and repeated over the batch', () => {
    const specs: InputSpec[] = [{ name: 'image', elemType: 1, dims: ['N', 3, 2, 2] }];
    const asked: number[][] = [];
    const plan = planInputs(specs, {
      ...base,
      sizes: { N: 2 },
      sources: {
        image: {
          kind: 'image',
          label: 'red.png',
          normalization: 'unit',
          pixels: (w, h) => {
            asked.push([w, h]);
            return Uint8Array.from({ length: w * h * 4 }, (_, i) => (i % 4 === 0 || i % 4 === 3 ? 255 : 0));
          },
        },
      },
    });
    expect(asked).toEqual([[2, 2]]);
    expect(plan[0]?.source).toBe('red.png (unit)');
    expect(Array.from(plan[0]?.data as Float32Array)).toEqual([
      ...[1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
      ...[1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('float16 inputs as bit patterns, bfloat16 inputs refused (onnxruntime takes none from JavaScript)', () => {
    const plan = planInputs([{ name: 'h', elemType: 10, dims: [2] }], {
      ...base,
      sources: { h: { kind: 'values', text: '1, -2' } },
    });
    expect(Array.from(plan[0]?.data as Uint16Array)).toEqual([0x3c00, 0xc000]);
    expect(refusal(() => planInputs([{ name: 'b', elemType: 16, dims: [2] }], base))).toEqual({
      code: 'INPUT_UNSUPPORTED',
      message: 'Input "b" is bfloat16, which onnxruntime cannot be fed from JavaScript.',
    });
  });
});
