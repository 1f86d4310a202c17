import { rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { requiredSideFiles } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import { UsageError } from './errors.ts';
import { type Feeds, type Outputs, runModel } from './ort-runner.ts';

/** A model to compare layer by layer: its bytes, and its file's path when it was read from disk. */
export interface LayerModel {
  bytes: Uint8Array;
  model: ModelProto;
  path?: string;
}

/** A model that runs with extra outputs appended (see onnx/extra-outputs.ts), chunk after chunk. */
export interface OutputsRunner {
  run: (suffix: Uint8Array, feeds: Feeds) => Promise<Outputs>;
  close: () => Promise<void>;
}

function joined(bytes: Uint8Array, suffix: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + suffix.length);
  out.set(bytes);
  out.set(suffix, bytes.length);
  return out;
}

/**
 * How a model runs with extra outputs. Weights inside the model: from bytes. Weights in side
 * files: onnxruntime-node reads them only from beside the model's file (it resolves links and
 * refuses a side file outside the model's folder), so the model with its extra outputs is written
 * beside the original as a hidden file, `.NAME.bnfold-layers-PID.onnx`, and removed on close (and
 * on every way out: errors included). The side files themselves are only read.
 */
export async function outputsRunner(model: LayerModel, label: string): Promise<OutputsRunner> {
  if (requiredSideFiles(model.model).length === 0) {
    return { run: (suffix, feeds) => runModel(joined(model.bytes, suffix), feeds), close: async () => {} };
  }
  if (!model.path) throw new UsageError(`--layers: the ${label} model keeps weights in side files but has no file`);
  const file = join(dirname(model.path), `.${basename(model.path)}.bnfold-layers-${process.pid}.onnx`);
  return {
    run: async (suffix, feeds) => {
      try {
        await writeFile(file, joined(model.bytes, suffix), { flag: 'w' });
      } catch (error) {
        throw new UsageError(
          `--layers: the ${label} model keeps weights in side files, and a copy of the model with its layers as outputs cannot be written beside it (${(error as Error).message})`,
        );
      }
      return runModel(file, feeds);
    },
    close: () => rm(file, { force: true }),
  };
}
