import { basename } from 'node:path';
import { applyAll, applyFusions, type FusionCandidate, type FusionRecord } from '../fusion/index.ts';
import { checkGraphs, decodeModel, encodeModelParts, partsSize } from '../onnx/index.ts';
import type { Io } from './commands.ts';
import { UsageError } from './errors.ts';
import { readModelFile, readSideFiles } from './files.ts';
import { formatBytes } from './format.ts';
import type { ShapeChoices } from './ort-runner.ts';
import { VERIFY_EXIT_CODE } from './verify.ts';
import { formatVerify } from './verify-text.ts';
import { verifyWritten, writeChangedModel } from './write-result.ts';

export interface FuseOptions {
  output?: string;
  only?: string[];
  json: boolean;
  verify: boolean;
  seed: number;
  /** Random float inputs for --verify are uniform in [-inputScale, inputScale) (default 1). */
  inputScale?: number;
  shapes: ShapeChoices;
  inputInitializersAreConstant: boolean;
}

/** `fuse`: finds every candidate, applies all fusible ones (or those named by --only), writes the model. */
export async function fuseCommand(file: string, options: FuseOptions, io: Io): Promise<number> {
  if (!options.output) throw new UsageError('fuse needs an output file: -o OUT');
  const bytes = await readModelFile(file);
  const model = decodeModel(bytes);
  // As in the app: a graph with a cycle or a value read but never written is refused, not fused.
  checkGraphs(model);
  const { files, missing } = await readSideFiles(file, model);
  const fusionOptions = {
    sideFiles: files,
    inputInitializersAreConstant: options.inputInitializersAreConstant,
    // Nothing reads the input model after fusing (--verify reads the original's inputs from its
    // bytes, so it keeps them): the fused weights may take the place of the old ones.
    overwriteInput: !options.verify,
  };
  const started = performance.now();
  const result = options.only ? applyFusions(model, options.only, fusionOptions) : applyAll(model, fusionOptions);
  // What the model offered before fusing: the fusion's first search, not a second one.
  const candidates = result.initialCandidates;
  // Written as parts: the weights go from the model to the file without a second copy.
  const output = encodeModelParts(result.model);
  const elapsedMs = performance.now() - started;
  const changed = {
    input: { path: file, bytes, sideFiles: files, missing },
    output: options.output,
    model: result.model,
    parts: output,
    sideFiles: result.sideFiles,
  };
  await writeChangedModel(changed);
  const verify = options.verify ? await verifyWritten(changed, options) : undefined;
  if (options.json) {
    io.out(JSON.stringify({ file, output: options.output, candidates, ...result.record, elapsedMs, verify }, null, 2));
  } else {
    io.out(
      formatFuseReport(file, options.output, candidates, result.record, bytes.length, partsSize(output), elapsedMs),
    );
    if (verify) io.out(formatVerify(verify));
  }
  // 0 pass, 1 fail, 3 inconclusive (NaN/Inf in both models): never 0 for what proves nothing.
  return verify ? VERIFY_EXIT_CODE[verify.verdict] : 0;
}

function formatFuseReport(
  file: string,
  output: string,
  candidates: FusionCandidate[],
  record: FusionRecord,
  sizeBefore: number,
  sizeAfter: number,
  elapsedMs: number,
): string {
  const fusible = candidates.filter((c) => c.status === 'fusible').length;
  const applied = new Set(record.applied.map((a) => a.id));
  const lines = [
    `${basename(file)}: ${candidates.length} candidates, ${fusible} fusible, ${candidates.length - fusible} blocked`,
  ];
  for (const c of candidates) {
    const pair = `${c.keptOp} "${c.keptNode}" + ${c.foldedOp} "${c.foldedNode}"`;
    const status = applied.has(c.id) ? 'fused  ' : c.status === 'blocked' ? 'blocked' : 'skipped';
    lines.push(
      `  ${status}  ${c.id}  ${pair}${c.blocked ? `\n           ${c.blocked.reason}: ${c.blocked.message}` : ''}`,
    );
  }
  const revealed = record.applied.filter((a) => !candidates.some((c) => c.id === a.id));
  for (const a of revealed) lines.push(`  fused    ${a.id}  (possible once earlier fusions were applied)`);
  for (const s of record.skipped) lines.push(`  not applied  ${s.id}: ${s.reason}`);
  lines.push(
    `applied ${record.applied.length} fusions in ${elapsedMs.toFixed(0)} ms; wrote ${output} (${formatBytes(sizeAfter)}, was ${formatBytes(sizeBefore)})`,
  );
  return lines.join('\n');
}
