import { basename } from 'node:path';
import { applyAll, applyFusions, type FusionCandidate, type FusionRecord } from '../fusion/index.ts';
import { partsSize } from '../onnx/index.ts';
import { type ChangeCommandOptions, changeModelFile } from './change-model-file.ts';
import type { Io } from './commands.ts';
import { UsageError } from './errors.ts';
import { formatBytes } from './format.ts';
import { VERIFY_EXIT_CODE } from './verify.ts';
import { formatVerify } from './verify-text.ts';

export interface FuseOptions extends ChangeCommandOptions {
  only?: string[];
  inputInitializersAreConstant: boolean;
}

/** `fuse`: finds every candidate, applies all fusible ones (or those named by --only), writes the model. */
export async function fuseCommand(file: string, options: FuseOptions, io: Io): Promise<number> {
  if (!options.output) throw new UsageError('fuse needs an output file: -o OUT');
  const output = options.output;
  const { result, originalBytes, parts, elapsedMs, verify } = await changeModelFile(
    file,
    { ...options, output },
    ({ model, sideFiles, overwriteInput }) => {
      const fusionOptions = {
        sideFiles,
        inputInitializersAreConstant: options.inputInitializersAreConstant,
        overwriteInput,
      };
      return options.only ? applyFusions(model, options.only, fusionOptions) : applyAll(model, fusionOptions);
    },
  );
  // What the model offered before fusing: the fusion's first search, not a second one.
  const candidates = result.initialCandidates;
  if (options.json) {
    io.out(JSON.stringify({ file, output, candidates, ...result.record, elapsedMs, verify }, null, 2));
  } else {
    io.out(formatFuseReport(file, output, candidates, result.record, originalBytes, partsSize(parts), elapsedMs));
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
