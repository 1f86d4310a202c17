/**
 * onnxruntime-node, loaded only when a command verifies: it is an optional peer dependency (a
 * native binary of some 60 MB), so `inspect`, `roundtrip` and `fuse` without `--verify` start
 * without it, and the package installs without it.
 */
import { UsageError } from './errors.ts';

export type OnnxRuntime = typeof import('onnxruntime-node');

/** What needs onnxruntime-node: the --verify flag, or a command that only runs models. */
export type RuntimeNeed = '--verify' | 'compare';

/** The one line said when onnxruntime-node is missing, with how to get it (and, for --verify, how to do without). */
export function runtimeMissing(need: RuntimeNeed): string {
  const install = 'run `npm install onnxruntime-node` where bnfold is installed';
  return need === '--verify'
    ? `--verify needs onnxruntime-node, which is not installed: ${install}, or leave out --verify`
    : `bnfold compare runs both models with onnxruntime-node, which is not installed: ${install}`;
}

let loading: Promise<OnnxRuntime> | undefined;

/** onnxruntime-node, imported once; a UsageError saying how to get it when it is missing. */
export function loadOnnxRuntime(need: RuntimeNeed = '--verify'): Promise<OnnxRuntime> {
  loading ??= import('onnxruntime-node').then(
    (ort) => ort,
    (error: NodeJS.ErrnoException) => {
      loading = undefined;
      if (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND')
        throw new UsageError(runtimeMissing(need));
      throw new UsageError(`onnxruntime-node could not be loaded: ${error.message.split('\n')[0]}`);
    },
  );
  return loading;
}
