import type { HalfFloats } from './numbers.ts';
import { allocate, elementTypeName, type HostTensor, type TensorData } from './tensors.ts';

/** A graph input as the comparison needs it. */
export interface InputSpec {
  name: string;
  /** ONNX element type code. */
  elemType: number;
  /** Sizes, or symbolic names ("" for an unnamed unknown dim); undefined when the rank is unknown. */
  dims: (number | string)[] | undefined;
}

export type InputData = TensorData;

/** An input tensor as onnxruntime takes it (float16 as bit patterns). */
export type InputTensor = HostTensor;

/** The key a symbolic or unknown dim is sized by: its name, or "input[axis]" when it has none. */
export function dimKey(input: string, axis: number, dim: number | string | undefined): string | undefined {
  if (typeof dim === 'number' && dim > 0) return undefined;
  return typeof dim === 'string' && dim ? dim : `${input}[${axis}]`;
}

/** The size a symbolic dim gets unless told: 1 for a leading (batch) axis, 64 elsewhere. */
export function defaultDimSize(axis: number): number {
  return axis === 0 ? 1 : 64;
}

/** Symbolic dims of all inputs, each once, with a sensible default: 1 for a leading (batch) axis, 64 elsewhere. */
export function symbolicDims(inputs: readonly InputSpec[]): { key: string; label: string; value: number }[] {
  const seen = new Map<string, { key: string; label: string; value: number }>();
  for (const input of inputs) {
    (input.dims ?? []).forEach((d, axis) => {
      const key = dimKey(input.name, axis, d);
      if (key && !seen.has(key)) seen.set(key, { key, label: key, value: defaultDimSize(axis) });
    });
  }
  return [...seen.values()];
}

/**
 * Seeded random values for one input, drawn from `random` (each input's own stream, see plan.ts, so
 * the same seed and sizes give the same data on the page and the command line):
 * floats uniform in [-scale, scale), integers in [0, 4) (valid as small indices or shapes),
 * booleans half true. Float16 values are given as their bit patterns.
 */
export function randomData(
  code: number,
  input: string,
  count: number,
  random: () => number,
  scale: number,
  half: HalfFloats,
): TensorData {
  const data = allocate(code, input, count);
  const type = elementTypeName(code);
  const uniform = () => (random() * 2 - 1) * scale;
  const small = () => Math.floor(random() * 4);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) data[i] = BigInt(small());
  } else if (type === 'float16') {
    for (let i = 0; i < count; i++) data[i] = half.toFloat16(uniform());
  } else if (data instanceof Float32Array || data instanceof Float64Array) {
    for (let i = 0; i < count; i++) data[i] = uniform();
  } else if (type === 'bool') {
    for (let i = 0; i < count; i++) data[i] = random() < 0.5 ? 0 : 1;
  } else {
    for (let i = 0; i < count; i++) data[i] = small();
  }
  return data;
}
