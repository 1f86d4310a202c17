/**
 * Input tensors from files the user picks: a NumPy .npy file or an ONNX TensorProto .pb file (as
 * ONNX's test data stores inputs), read by the ONNX layer's one reader (tensor-input.ts, which the
 * command line uses too), loaded only when such a file is chosen.
 */
import { isOnnxError } from '../onnx/errors.ts';
import type { TensorInput } from '../onnx/tensor-input.ts';

/** Input files past this are refused before reading: the page holds them whole to feed them. */
export const MAX_INPUT_FILE_BYTES = 1024 ** 3;

export type TensorFileContents = TensorInput;

/**
 * Reads and parses a tensor file.
 * @throws Error with a sentence naming the file when it is too large, unreadable or not a tensor.
 */
export async function readTensorFile(file: Blob & { name: string }): Promise<TensorFileContents> {
  if (file.size > MAX_INPUT_FILE_BYTES) {
    throw new Error(`${file.name} is ${file.size} bytes, more than an input file can be (1 GiB).`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Loaded on first use: the .pb reader brings protobufjs, which the page's main bundle does without.
  const { readTensorInput } = await import('../onnx/tensor-input.ts');
  try {
    return readTensorInput(bytes, file.name);
  } catch (error) {
    if (isOnnxError(error)) throw new Error(`${file.name}: ${error.message}`);
    throw error;
  }
}
