/**
 * The inputs of a comparison, planned once for the page and the command line alike: for each
 * graph input, seeded random data (the default), a typed value list, a tensor read from a .npy or
 * .pb file, or a picture. Sizes of symbolic dims come, in this order, from a whole shape given for
 * the input, from tensors given for inputs that share the dim's name, from the sizes the user set,
 * from a value list's length, and last from the defaults (1 for a leading axis, 64 elsewhere).
 */
import { CompareError } from './errors.ts';
import { type Normalization, rgbaToNchw } from './image.ts';
import { defaultDimSize, dimKey, type InputSpec, randomData } from './inputs.ts';
import type { HalfFloats } from './numbers.ts';
import { createRandom } from './random.ts';
import { elementCount, elementTypeName, feedableType, fromLittleEndian, type HostTensor } from './tensors.ts';
import { parseValueList, valuesToData } from './values.ts';

/** A tensor read from a file: an ONNX element type code, dims and little-endian element bytes. */
export interface RawTensor {
  dataType: number;
  dims: readonly number[];
  data: Uint8Array;
}

/** Where one input's data comes from. */
export type InputSource =
  | { kind: 'random' }
  | { kind: 'values'; text: string }
  | { kind: 'tensor'; label: string; tensor: RawTensor }
  | {
      kind: 'image';
      label: string;
      normalization: Normalization;
      /** The picture's RGBA pixels at width × height (resizing is the browser's job). */
      pixels: (width: number, height: number) => ArrayLike<number>;
    };

export interface InputPlanOptions {
  seed: number;
  /** Random floats are uniform in [-inputScale, inputScale). */
  inputScale: number;
  /** Sizes of symbolic dims by key (see dimKey: the dim's name, or "input[axis]"). */
  sizes?: Readonly<Record<string, number>>;
  /** Whole shapes by input name. */
  shapes?: Readonly<Record<string, readonly number[]>>;
  /** Sources by input name; inputs not named get seeded random data. */
  sources?: Readonly<Record<string, InputSource>>;
  half: HalfFloats;
}

/** An input as planned: the tensor to feed and, in words, where its data came from. */
export interface PlannedInput extends HostTensor {
  /** "random, seed 1", "values 16000", "input_0.pb", "cat.png (imagenet)". */
  source: string;
}

const shapeText = (dims: readonly number[]) => `[${dims.join(',')}]`;

/**
 * Plans every input of `specs`.
 * @throws CompareError when a source names no input, a given tensor's type or shape does not fit
 *   its input, values do not parse, or a size is missing or in conflict.
 */
export function planInputs(specs: readonly InputSpec[], options: InputPlanOptions): PlannedInput[] {
  const sources = options.sources ?? {};
  const shapes = options.shapes ?? {};
  for (const name of [...Object.keys(sources), ...Object.keys(shapes)]) {
    if (!specs.some((s) => s.name === name)) {
      const known = specs.map((s) => s.name).join(', ');
      throw new CompareError('INPUT_UNKNOWN', `The model has no input "${name}" (its inputs: ${known || 'none'}).`);
    }
  }
  const bound = new Map<string, { size: number; from: string }>();
  const bind = (key: string, size: number, from: string) => {
    const earlier = bound.get(key);
    if (earlier && earlier.size !== size) {
      throw new CompareError(
        'INPUT_SHAPE',
        `Dimension "${key}" is ${earlier.size} in ${earlier.from} but ${size} in ${from}: inputs that share a dimension must agree on its size.`,
      );
    }
    if (!earlier) bound.set(key, { size, from });
  };
  // Whole shapes and given tensors fix their inputs' dims first, and with them every dim they name.
  const fixed = new Map<string, readonly number[]>();
  for (const spec of specs) {
    const source = sources[spec.name];
    const given = source?.kind === 'tensor' ? source.tensor.dims : shapes[spec.name];
    if (!given) continue;
    const from = source?.kind === 'tensor' ? `${source.label} (input "${spec.name}")` : `the shape of "${spec.name}"`;
    if (source?.kind === 'tensor') checkTensorType(spec, source.tensor, source.label);
    checkShape(spec, given, from);
    given.forEach((size, axis) => {
      const key = dimKey(spec.name, axis, spec.dims?.[axis]);
      if (key) bind(key, size, from);
    });
    fixed.set(spec.name, given);
  }
  const sizeOf = (spec: InputSpec, axis: number): number | undefined => {
    const dim = spec.dims?.[axis];
    const key = dimKey(spec.name, axis, dim);
    if (!key) return dim as number;
    const size = bound.get(key)?.size ?? options.sizes?.[key];
    if (size !== undefined && !(Number.isSafeInteger(size) && size >= 1)) {
      throw new CompareError('INPUT_SHAPE', `The size of dimension "${key}" must be a positive integer, not ${size}.`);
    }
    return size;
  };
  // Value lists next: one unsized dim takes its size from the number of values.
  const values = new Map<string, number[]>();
  for (const spec of specs) {
    const source = sources[spec.name];
    if (source?.kind !== 'values' || fixed.has(spec.name)) continue;
    const list = parseValueList(source.text, spec.name);
    values.set(spec.name, list);
    const dims = requireRank(spec);
    const open = dims.map((_, axis) => axis).filter((axis) => sizeOf(spec, axis) === undefined);
    // A leading (batch) axis left open keeps its default of 1 when another axis is open too.
    const target = open.length === 2 && open[0] === 0 ? open[1] : open.length === 1 ? open[0] : undefined;
    const known = dims.reduce<number>((p, _, axis) => p * (axis === target ? 1 : (sizeOf(spec, axis) ?? 1)), 1);
    if (target !== undefined && list.length > 1 && list.length % known === 0) {
      bind(dimKey(spec.name, target, dims[target]) as string, list.length / known, `the values of "${spec.name}"`);
    }
  }
  return specs.map((spec, index) => {
    const source = sources[spec.name] ?? { kind: 'random' };
    if (source.kind === 'tensor') {
      return {
        name: spec.name,
        type: feedableType(spec.elemType, spec.name).name,
        dims: [...source.tensor.dims],
        data: fromLittleEndian(spec.elemType, spec.name, source.tensor.data),
        source: source.label,
      };
    }
    const given = fixed.get(spec.name);
    const dims = given ? [...given] : requireRank(spec).map((_, axis) => sizeOf(spec, axis) ?? defaultDimSize(axis));
    const type = feedableType(spec.elemType, spec.name).name;
    const count = elementCount(dims);
    switch (source.kind) {
      case 'values': {
        const list = values.get(spec.name) ?? parseValueList(source.text, spec.name);
        if (list.length !== 1 && list.length !== count) {
          throw new CompareError(
            'INPUT_VALUES',
            `Input "${spec.name}" ${shapeText(dims)} needs ${count} values (or one, repeated); ${list.length} were given.`,
          );
        }
        const data = valuesToData(list, spec.elemType, spec.name, count, options.half);
        return { name: spec.name, type, dims, data, source: `values ${valuesText(list)}` };
      }
      case 'image':
        return { name: spec.name, type, dims, data: imageData(spec, dims, source), source: imageText(source) };
      default:
        return {
          name: spec.name,
          type,
          dims,
          data: randomData(
            spec.elemType,
            spec.name,
            count,
            inputStream(options.seed, index),
            options.inputScale,
            options.half,
          ),
          source: randomText(type, options),
        };
    }
  });
}

/** The input's dims, or a refusal when the model does not record its rank. */
function requireRank(spec: InputSpec): (number | string)[] {
  if (!spec.dims) {
    throw new CompareError(
      'INPUT_SHAPE',
      `Input "${spec.name}" has no recorded shape: give its data (a file or values) or its whole shape.`,
    );
  }
  return spec.dims;
}

/** A given shape fits the input: same rank, and every fixed dim the same. */
function checkShape(spec: InputSpec, given: readonly number[], from: string): void {
  if (given.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new CompareError('INPUT_SHAPE', `${from} has an invalid shape ${shapeText(given)}.`);
  }
  if (!spec.dims) return;
  const expected = `[${spec.dims.map((d) => (typeof d === 'number' && d > 0 ? d : d || '?')).join(',')}]`;
  const fits =
    spec.dims.length === given.length && spec.dims.every((d, i) => typeof d !== 'number' || d <= 0 || d === given[i]);
  if (!fits) {
    throw new CompareError(
      'INPUT_SHAPE',
      `${from} is ${shapeText(given)}, but input "${spec.name}" is ${elementTypeName(spec.elemType)}${expected}.`,
    );
  }
}

/** A given tensor's element type must be its input's: onnxruntime does not convert. */
export function checkTensorType(spec: InputSpec, tensor: RawTensor, label: string): void {
  if (tensor.dataType !== spec.elemType) {
    throw new CompareError(
      'INPUT_TYPE',
      `${label} holds ${elementTypeName(tensor.dataType)} values, but input "${spec.name}" is ${elementTypeName(spec.elemType)}.`,
    );
  }
}

function imageData(spec: InputSpec, dims: number[], source: Extract<InputSource, { kind: 'image' }>): Float32Array {
  const [batch = 1, channels = 3, height = 1, width = 1] = dims;
  if (spec.elemType !== 1 || dims.length !== 4 || (channels !== 1 && channels !== 3)) {
    throw new CompareError(
      'INPUT_UNSUPPORTED',
      `A picture can feed a float32 input of shape [N, 1 or 3, H, W]; input "${spec.name}" is ${elementTypeName(spec.elemType)}${shapeText(dims)}.`,
    );
  }
  const one = rgbaToNchw(source.pixels(width, height), width, height, channels, source.normalization);
  const out = new Float32Array(one.length * batch);
  for (let n = 0; n < batch; n++) out.set(one, n * one.length);
  return out;
}

const imageText = (source: Extract<InputSource, { kind: 'image' }>) => `${source.label} (${source.normalization})`;

/**
 * The random stream of the input at `index`: its own, so that giving one input data of its own
 * leaves every other input's random data as it was. The first input's stream is the seed's.
 */
function inputStream(seed: number, index: number): () => number {
  return createRandom(index === 0 ? seed : (seed ^ Math.imul(index, 0x9e3779b9)) >>> 0);
}

/** How a random input was made: "random, seed 1", with the range when floats were scaled. */
function randomText(type: string, options: Pick<InputPlanOptions, 'seed' | 'inputScale'>): string {
  const range = type.startsWith('float') && options.inputScale !== 1 ? ` in ±${options.inputScale}` : '';
  return `random${range}, seed ${options.seed}`;
}

/** The first few values, for the report. */
function valuesText(values: readonly number[]): string {
  const shown = values.slice(0, 4).join(', ');
  return values.length > 4 ? `${shown}, … (${values.length})` : shown;
}
