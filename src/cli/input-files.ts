/**
 * Real inputs from the command line: `--input NAME=FILE` (a .npy or an ONNX TensorProto .pb file,
 * told apart by extension or, failing that, by content), `--input NAME=V,V,…` (a value list) and
 * `--inputs DIR` (an ONNX test_data_set folder: input_N.pb, matched to graph inputs by the tensor's
 * name, else by N). Files are read here; what they hold is checked against the model by the
 * comparison core's plan.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { InputSource, InputSpec, RawTensor } from '../compare/index.ts';
import { isOnnxError } from '../onnx/index.ts';
import { readTensorInput } from '../onnx/tensor-input.ts';
import { UsageError } from './errors.ts';
import { readModelFile } from './files.ts';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

const NUMBER_LIST =
  /^[\s[\](),;]*([-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?|nan|[-+]?inf|true|false)([\s[\](),;]+([-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?|nan|[-+]?inf|true|false))*[\s[\](),;]*$/i;

/** One `--input NAME=FILE` or `--input NAME=V,V,…`: a file when one is there, else a value list. */
async function inputSource(flag: string): Promise<[string, InputSource]> {
  const at = flag.indexOf('=');
  if (at <= 0) throw new UsageError(`--input takes NAME=FILE or NAME=V,V,…, not "${flag}"`);
  const name = flag.slice(0, at);
  const value = flag.slice(at + 1);
  if (await isFile(value)) {
    return [name, { kind: 'tensor', label: basename(value), tensor: await readTensorFile(value) }];
  }
  if (NUMBER_LIST.test(value)) return [name, { kind: 'values', text: value }];
  throw new UsageError(`--input ${name}: "${value}" is neither a file nor a list of numbers`);
}

/** Reads a tensor file; a refusal names the file, since the user may give several. */
async function readTensorFile(path: string): Promise<RawTensor & { name?: string }> {
  const bytes = await readModelFile(path);
  try {
    return readTensorInput(bytes, path);
  } catch (error) {
    if (isOnnxError(error)) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

/** input_0.pb, input_1.pb, … of a test_data_set folder, in the order of N. */
async function testDataInputs(dir: string): Promise<{ file: string; index: number }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new UsageError(`--inputs ${dir}: not a folder that can be read`);
  }
  const found = names
    .map((name) => ({ name, match: /^input_(\d+)\.pb$/.exec(name) }))
    .filter((f) => f.match)
    .map((f) => ({ file: join(dir, f.name), index: Number(f.match?.[1]) }))
    .sort((a, b) => a.index - b.index);
  if (found.length === 0)
    throw new UsageError(`--inputs ${dir}: no input_N.pb files in it (an ONNX test_data_set folder has them)`);
  return found;
}

/**
 * Reads `--inputs DIR`: every input_N.pb, fed to the graph input of the tensor's own name when
 * every file names a distinct input, else to the N-th input (the label says which).
 */
async function folderSources(dir: string, specs: readonly InputSpec[]): Promise<Record<string, InputSource>> {
  const files = await testDataInputs(dir);
  const read = await Promise.all(
    files.map(async ({ file, index }) => ({ file, index, tensor: await readTensorFile(file) })),
  );
  const specNames = new Set(specs.map((s) => s.name));
  const names = read.map((r) => r.tensor.name ?? '');
  const byName = names.every((n) => specNames.has(n)) && new Set(names).size === names.length;
  const sources: Record<string, InputSource> = {};
  for (const { file, index, tensor } of read) {
    const spec = byName ? specs.find((s) => s.name === tensor.name) : specs[index];
    if (!spec) {
      throw new UsageError(
        `--inputs ${dir}: ${basename(file)} has no graph input to feed (the model takes ${specs.length} input${specs.length === 1 ? '' : 's'})`,
      );
    }
    const label = `${basename(file)}${byName ? '' : ' (by position)'}`;
    sources[spec.name] = { kind: 'tensor', label, tensor };
  }
  return sources;
}

/** Every input source the command line gives; `--input` wins over the same input in `--inputs`. */
export async function readInputSources(
  flags: readonly string[],
  dir: string | undefined,
  specs: readonly InputSpec[],
): Promise<Record<string, InputSource>> {
  const sources = dir ? await folderSources(dir, specs) : {};
  for (const flag of flags) {
    const [name, source] = await inputSource(flag);
    sources[name] = source;
  }
  return sources;
}
