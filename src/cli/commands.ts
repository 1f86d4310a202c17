import { decodeModel, encodeModel, summarizeModel } from '../onnx/index.ts';
import { UsageError } from './errors.ts';
import { readModelFile, readSideFiles, writeOutput } from './files.ts';
import { formatBytes, formatSummary } from './format.ts';

export interface Io {
  out: (line: string) => void;
}

export async function inspectCommand(file: string, options: { json: boolean }, io: Io): Promise<void> {
  const model = decodeModel(await readModelFile(file));
  const summary = summarizeModel(model);
  const { missing } = await readSideFiles(file, model);
  if (options.json) io.out(JSON.stringify({ file, ...summary, missingSideFiles: missing }, null, 2));
  else io.out(formatSummary(file, summary, missing));
}

export async function roundtripCommand(file: string, options: { output?: string }, io: Io): Promise<void> {
  if (!options.output) throw new UsageError('roundtrip needs an output file: -o OUT');
  const bytes = await readModelFile(file);
  const started = performance.now();
  const encoded = encodeModel(decodeModel(bytes));
  const elapsed = performance.now() - started;
  await writeOutput(options.output, [encoded]);
  io.out(
    `${file} -> ${options.output}: ${formatBytes(bytes.length)} read, ${formatBytes(encoded.length)} written in ${elapsed.toFixed(0)} ms`,
  );
}
