/**
 * onnxruntime-node, loaded only when a command verifies: it is an optional peer dependency (a
 * native binary of some 60 MB), so `inspect`, `roundtrip` and `fuse` without `--verify` start
 * without it, and the package installs without it.
 */
import { UsageError } from './errors.ts';

export type OnnxRuntime = typeof import('onnxruntime-node');

export const RUNTIME_MISSING =
  '--verify needs onnxruntime-node, which is not installed: run `npm install onnxruntime-node` where bnfold is installed, or leave out --verify';

let loading: Promise<OnnxRuntime> | undefined;

/** onnxruntime-node, imported once; a UsageError saying how to get it when it is missing. */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  loading ??= import('onnxruntime-node').then(
    (ort) => ort,
    (error: NodeJS.ErrnoException) => {
      loading = undefined;
      if (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND')
        throw new UsageError(RUNTIME_MISSING);
      throw new UsageError(`onnxruntime-node could not be loaded: ${error.message.split('\n')[0]}`);
    },
  );
  return loading;
}
