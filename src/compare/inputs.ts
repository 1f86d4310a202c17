import { createRandom } from './random.ts';

/** A graph input as the comparison needs it. */
export interface InputSpec {
  name: string;
  /** ONNX element type code. */
  elemType: number;
  /** Sizes, or symbolic names ("" for an unnamed unknown dim); undefined when the rank is unknown. */
  dims: (number | string)[] | undefined;
}

export type InputData = Float32Array | Float64Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

export interface InputTensor {
  name: string;
  /** onnxruntime's name for the type: "float32", "int64", "bool", … */
  type: string;
  dims: number[];
  data: InputData;
}

/** Symbolic dims of all inputs, each once, with a sensible default: 1 for a leading (batch) axis, 64 elsewhere. */
export function symbolicDims(inputs: readonly InputSpec[]): { key: string; label: string; value: number }[] {
  const seen = new Map<string, { key: string; label: string; value: number }>();
  for (const input of inputs) {
    (input.dims ?? []).forEach((d, axis) => {
      if (typeof d === 'number' && d > 0) return;
      const key = typeof d === 'string' && d ? d : `${input.name}[${axis}]`;
      if (!seen.has(key)) seen.set(key, { key, label: key, value: axis === 0 ? 1 : 64 });
    });
  }
  return [...seen.values()];
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
};

/**
 * Seeded random inputs: floats uniform in [-scale, scale) (scale 1 unless given: a smaller scale
 * keeps a model that overflows on ±1 inputs in range), integers in [0, 4) (valid as small indices or
 * shapes), booleans half true. The same seed and sizes give the same inputs, so both models see
 * identical data. Float16 values are given as their bit patterns.
 */
export function randomInputs(
  inputs: readonly InputSpec[],
  sizes: Readonly<Record<string, number>>,
  seed: number,
  encodeFloat16: (value: number) => number,
  scale = 1,
): InputTensor[] {
  const random = createRandom(seed);
  return inputs.map((input) => {
    const type = TYPE_NAMES[input.elemType];
    if (!type)
      throw new Error(`Input "${input.name}" has a type random inputs cannot be made for (type ${input.elemType}).`);
    if (!input.dims) throw new Error(`Input "${input.name}" has no recorded shape; it cannot be fed random data.`);
    const dims = input.dims.map((d, axis) => {
      if (typeof d === 'number' && d > 0) return d;
      const key = typeof d === 'string' && d ? d : `${input.name}[${axis}]`;
      const size = sizes[key];
      if (!size || size < 1) throw new Error(`Give a size for dimension "${key}" of input "${input.name}".`);
      return size;
    });
    const count = dims.reduce((p, d) => p * d, 1);
    const uniform = () => (random() * 2 - 1) * scale;
    const small = () => Math.floor(random() * 4);
    let data: InputData;
    switch (type) {
      case 'float32':
        data = Float32Array.from({ length: count }, uniform);
        break;
      case 'float64':
        data = Float64Array.from({ length: count }, uniform);
        break;
      case 'float16':
        data = Uint16Array.from({ length: count }, () => encodeFloat16(uniform()));
        break;
      case 'int64':
        data = BigInt64Array.from({ length: count }, () => BigInt(small()));
        break;
      case 'int32':
        data = Int32Array.from({ length: count }, small);
        break;
      case 'int8':
        data = Int8Array.from({ length: count }, small);
        break;
      case 'bool':
        data = Uint8Array.from({ length: count }, () => (random() < 0.5 ? 0 : 1));
        break;
      default:
        data = Uint8Array.from({ length: count }, small);
    }
    return { name: input.name, type, dims, data };
  });
}
