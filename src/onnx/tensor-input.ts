/**
 * An input tensor file, whichever format it is in: a NumPy `.npy` file or a serialized ONNX
 * TensorProto (`.pb`, as ONNX's test data stores inputs), told apart by the file's extension or,
 * without one of those, by the `.npy` magic. The one reader the command line and the page share.
 */
import { parseNpy } from './npy.ts';
import { decodeTensorFile } from './tensor-file.ts';

export interface TensorInput {
  format: 'npy' | 'pb';
  /** The tensor's own name (.pb files carry one, often the graph input's). */
  name?: string;
  /** ONNX TensorProto.DataType code. */
  dataType: number;
  dims: number[];
  /** Little-endian, C-order element bytes. */
  data: Uint8Array;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * Reads an input tensor file.
 * @throws OnnxError as parseNpy or decodeTensorFile refuse the file.
 */
export function readTensorInput(bytes: Uint8Array, fileName: string): TensorInput {
  const lower = fileName.toLowerCase();
  const npy = lower.endsWith('.npy') || (!lower.endsWith('.pb') && NPY_MAGIC.every((b, i) => bytes[i] === b));
  return npy ? { format: 'npy', ...parseNpy(bytes) } : { format: 'pb', ...decodeTensorFile(bytes) };
}
