/**
 * Input tensors from files the user picks: a NumPy .npy file or an ONNX TensorProto .pb file (as
 * ONNX's test data stores inputs), told apart by extension or, failing that, by content. Parsing
 * is the ONNX layer's; the .pb reader (protobufjs) is loaded only when such a file is chosen.
 */
import { isOnnxError } from '../onnx/errors.ts';
import { parseNpy } from '../onnx/npy.ts';

/** Input files past this are refused before reading: the page holds them whole to feed them. */
export const MAX_INPUT_FILE_BYTES = 1024 ** 3;

export interface TensorFileContents {
  format: 'npy' | 'pb';
  /** The tensor's own name (.pb files have one, often the graph input's). */
  name?: string;
  dataType: number;
  dims: number[];
  data: Uint8Array;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * Reads and parses a tensor file.
 * @throws Error with a sentence naming the file when it is too large, unreadable or not a tensor.
 */
export async function readTensorFile(file: Blob & { name: string }): Promise<TensorFileContents> {
  if (file.size > MAX_INPUT_FILE_BYTES) {
    throw new Error(`${file.name} is ${file.size} bytes, more than an input file can be (1 GiB).`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const lower = file.name.toLowerCase();
  const npy = lower.endsWith('.npy') || (!lower.endsWith('.pb') && NPY_MAGIC.every((b, i) => bytes[i] === b));
  try {
    if (npy) return { format: 'npy', ...parseNpy(bytes) };
    const { decodeTensorFile } = await import('../onnx/tensor-file.ts');
    return { format: 'pb', ...decodeTensorFile(bytes) };
  } catch (error) {
    if (isOnnxError(error)) throw new Error(`${file.name}: ${error.message}`);
    throw error;
  }
}
