import { DataType } from './dtype.ts';
import { float16Decoder, numberToBfloat16Bits, numberToFloat16Bits } from './float16.ts';
import { Long, onnx } from './protobuf.ts';
import { rawFloatBytes, viewFloatTensor } from './tensor.ts';
import type { TensorProto } from './types.ts';

/**
 * Scales a float tensor's elements in one pass, reading them where they are stored and writing
 * each result once, rounded to the tensor's own type: weights of hundreds of megabytes are never
 * copied whole into float64, byte-swapped or encoded a second time. Every factor is a float64,
 * every product is computed in float64 and rounded once (nearest, ties to even), exactly as
 * `makeFloatTensor(readFloatValues(t) · s)` would.
 */
export interface Rescaler {
  /** Elements in the tensor. */
  readonly length: number;
  /** Writes element k as round(w[k] · factor) for k in [from, to). */
  scale(from: number, to: number, factor: number): void;
  /** Writes elements start, start + stride, … (count of them) as round(w[k] · factor). */
  scaleStrided(start: number, stride: number, count: number, factor: number): void;
  /** Σ w[k] for k in [from, to) of the original values, in float64, in index order. */
  sum(from: number, to: number): number;
  /**
   * The written values as a new tensor of the same type named `name`: raw_data (little-endian,
   * the written buffer itself) when the source was raw or external, else the same typed field.
   * Elements never written are zero.
   */
  toTensor(name: string, dims: readonly number[]): TensorProto;
}

/**
 * A rescaler over `tensor`'s values (from `externalBytes` when it is stored in a side file).
 * `inPlace` writes the results over the tensor's own raw_data, which the new tensor then shares:
 * only for a caller that never reads the old values again (each range is read before it is
 * written, so `sum` must come before `scale` of the same elements). Side-file bytes and typed
 * fields are never overwritten.
 * @param allocate where new raw bytes go (zeroed, `length` long), when not in place: the page
 *   hands out memory it touched while idle (see the worker's WeightArena). Default: a new array.
 * @throws OnnxError as `viewFloatTensor` does: not a float type, wrong data length, side file missing.
 */
export function rescaler(
  tensor: TensorProto,
  externalBytes?: Uint8Array,
  inPlace = false,
  allocate: Allocate = newBytes,
): Rescaler {
  const dataType = tensor.dataType ?? 0;
  const raw = rawFloatBytes(tensor, externalBytes);
  if (!raw) return new TypedRescaler(dataType, viewFloatTensor(tensor));
  const inPlaceNow = inPlace && !externalBytes;
  return new RawRescaler(dataType, raw, inPlaceNow ? raw : allocate(raw.length));
}

/** Zeroed bytes of the given length, for a rescaled tensor's raw_data. */
export type Allocate = (length: number) => Uint8Array;

const newBytes: Allocate = (length) => new Uint8Array(length);

function newTensor(name: string, dataType: number, dims: readonly number[]): TensorProto {
  return new onnx.TensorProto({ name, dataType, dims: dims.map((d) => Long.fromNumber(d)) });
}

type Kind = 'f32' | 'f64' | 'f16' | 'bf16';

function kindOf(dataType: number): Kind {
  if (dataType === DataType.FLOAT) return 'f32';
  if (dataType === DataType.DOUBLE) return 'f64';
  return dataType === DataType.FLOAT16 ? 'f16' : 'bf16';
}

/**
 * raw_data (or side-file bytes) read through a DataView with the little-endian flag: no copy of
 * unaligned bytes, no byte swap on little-endian hosts, and still right on big-endian ones.
 * Results go through a DataView into a fresh little-endian buffer that becomes the new raw_data.
 */
class RawRescaler implements Rescaler {
  readonly length: number;
  private readonly kind: Kind;
  private readonly width: number;
  private readonly input: DataView;
  private readonly bytes: Uint8Array;
  private readonly output: DataView;
  private readonly decode: Float64Array;
  private readonly encode: (value: number) => number;

  /** @param target where results go: `source` itself (in place) or zeroed bytes of its length */
  constructor(
    private readonly dataType: number,
    source: Uint8Array,
    target: Uint8Array,
  ) {
    this.kind = kindOf(dataType);
    this.width = this.kind === 'f32' ? 4 : this.kind === 'f64' ? 8 : 2;
    this.length = source.length / this.width;
    this.input = new DataView(source.buffer, source.byteOffset, source.byteLength);
    // A fresh buffer costs a page fault per 4 KiB on first write: for 100 MB of weights, about as
    // long as the arithmetic. In place, or in memory touched beforehand, the pages are already there.
    if (target.length !== source.length) throw new RangeError('rescaler: the target is not the size of the source');
    this.bytes = target;
    this.output = target === source ? this.input : new DataView(target.buffer, target.byteOffset, target.byteLength);
    this.decode = this.kind === 'f16' || this.kind === 'bf16' ? float16Decoder(this.kind) : new Float64Array(0);
    this.encode = this.kind === 'f16' ? numberToFloat16Bits : numberToBfloat16Bits;
  }

  scale(from: number, to: number, factor: number): void {
    const { input, output, decode, encode } = this;
    // One loop per type, so that each stays monomorphic.
    switch (this.kind) {
      case 'f32':
        for (let b = from * 4, end = to * 4; b < end; b += 4)
          output.setFloat32(b, input.getFloat32(b, true) * factor, true);
        return;
      case 'f64':
        for (let b = from * 8, end = to * 8; b < end; b += 8)
          output.setFloat64(b, input.getFloat64(b, true) * factor, true);
        return;
      default:
        for (let b = from * 2, end = to * 2; b < end; b += 2) {
          output.setUint16(b, encode((decode[input.getUint16(b, true)] as number) * factor), true);
        }
    }
  }

  scaleStrided(start: number, stride: number, count: number, factor: number): void {
    for (let i = 0, k = start; i < count; i++, k += stride) this.scale(k, k + 1, factor);
  }

  sum(from: number, to: number): number {
    const { input, decode } = this;
    let total = 0;
    switch (this.kind) {
      case 'f32':
        for (let b = from * 4, end = to * 4; b < end; b += 4) total += input.getFloat32(b, true);
        return total;
      case 'f64':
        for (let b = from * 8, end = to * 8; b < end; b += 8) total += input.getFloat64(b, true);
        return total;
      default:
        for (let b = from * 2, end = to * 2; b < end; b += 2) total += decode[input.getUint16(b, true)] as number;
        return total;
    }
  }

  toTensor(name: string, dims: readonly number[]): TensorProto {
    const tensor = newTensor(name, this.dataType, dims);
    tensor.rawData = this.bytes;
    return tensor;
  }
}

/** Values in float_data, double_data or int32_data (16-bit patterns): small tensors, as exporters write them. */
class TypedRescaler implements Rescaler {
  readonly length: number;
  private readonly output: Float32Array | Float64Array | Uint16Array;
  private readonly read: (k: number) => number;
  private readonly write: (k: number, value: number) => void;

  constructor(
    private readonly dataType: number,
    input: Float32Array | Float64Array | Uint16Array,
  ) {
    this.length = input.length;
    const kind = kindOf(dataType);
    if (kind === 'f16' || kind === 'bf16') {
      const decode = float16Decoder(kind);
      const encode = kind === 'f16' ? numberToFloat16Bits : numberToBfloat16Bits;
      const output = new Uint16Array(input.length);
      this.output = output;
      this.read = (k) => decode[input[k] as number] as number;
      this.write = (k, value) => {
        output[k] = encode(value);
      };
    } else {
      // A Float32Array rounds each stored float64 to nearest even, as Float32Array.from does.
      const output = kind === 'f32' ? new Float32Array(input.length) : new Float64Array(input.length);
      this.output = output;
      this.read = (k) => input[k] as number;
      this.write = (k, value) => {
        output[k] = value;
      };
    }
  }

  scale(from: number, to: number, factor: number): void {
    for (let k = from; k < to; k++) this.write(k, this.read(k) * factor);
  }

  scaleStrided(start: number, stride: number, count: number, factor: number): void {
    for (let i = 0, k = start; i < count; i++, k += stride) this.write(k, this.read(k) * factor);
  }

  sum(from: number, to: number): number {
    let total = 0;
    for (let k = from; k < to; k++) total += this.read(k);
    return total;
  }

  toTensor(name: string, dims: readonly number[]): TensorProto {
    const tensor = newTensor(name, this.dataType, dims);
    const values = Array.from(this.output);
    if (this.output instanceof Float32Array) tensor.floatData = values;
    else if (this.output instanceof Float64Array) tensor.doubleData = values;
    else tensor.int32Data = values;
    return tensor;
  }
}
