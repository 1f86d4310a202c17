import { basename } from 'node:path';
import { partsSize, summarizeModel } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import {
  type OptimizeCandidate,
  type OptimizeRecord,
  optimize,
  selectPasses,
  UnknownPassError,
} from '../optimize/index.ts';
import { type ChangeCommandOptions, changeModelFile } from './change-model-file.ts';
import type { Io } from './commands.ts';
import { UsageError } from './errors.ts';
import { formatBytes } from './format.ts';
import { VERIFY_EXIT_CODE } from './verify.ts';
import { formatVerify } from './verify-text.ts';

export interface OptimizeCommandOptions extends ChangeCommandOptions {
  passes?: string[];
  skip?: string[];
  inputInitializersAreConstant: boolean;
}

/** Model figures reported before and after. */
interface ModelFigures {
  nodes: number;
  totalNodes: number;
  ops: Record<string, number>;
  bytes: number;
  parameters: number;
}

function figures(model: ModelProto, bytes: number): ModelFigures {
  const s = summarizeModel(model);
  return {
    nodes: s.nodeCount,
    totalNodes: s.totalNodeCount,
    ops: s.opHistogram,
    bytes,
    parameters: s.parameterCount,
  };
}

/** `optimize`: every selected pass (all by default) to a fixed point, then writes the model. */
export async function optimizeCommand(file: string, options: OptimizeCommandOptions, io: Io): Promise<number> {
  if (!options.output) throw new UsageError('optimize needs an output file: -o OUT');
  const selection = {
    ...(options.passes ? { passes: options.passes } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
  };
  try {
    selectPasses(selection); // before reading a byte: a typo is a usage error
  } catch (error) {
    if (error instanceof UnknownPassError) throw new UsageError(error.message);
    throw error;
  }
  const output = options.output;
  const { original, originalBytes, result, parts, elapsedMs, verify } = await changeModelFile(
    file,
    { ...options, output },
    ({ model, sideFiles, overwriteInput }) =>
      optimize(model, {
        ...selection,
        sideFiles,
        inputInitializersAreConstant: options.inputInitializersAreConstant,
        overwriteInput,
      }),
  );
  const before = figures(original, originalBytes);
  const after = figures(result.model, partsSize(parts));
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          file,
          output,
          before,
          after,
          ...result.record,
          candidates: result.candidates,
          elapsedMs,
          verify,
        },
        null,
        2,
      ),
    );
  } else {
    io.out(formatOptimizeReport(file, output, before, after, result.record, result.candidates, elapsedMs));
    if (verify) io.out(formatVerify(verify));
  }
  return verify ? VERIFY_EXIT_CODE[verify.verdict] : 0;
}

/** "+3", "-2", "0": a change in a count. */
function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function formatOps(ops: Record<string, number>): string {
  return Object.entries(ops)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
}

export function formatOptimizeReport(
  file: string,
  output: string,
  before: ModelFigures,
  after: ModelFigures,
  record: OptimizeRecord,
  candidates: readonly OptimizeCandidate[],
  elapsedMs: number,
): string {
  const lines = [
    `${basename(file)}: ${before.nodes} → ${after.nodes} nodes (${before.totalNodes} → ${after.totalNodes} in all graphs), ${before.parameters.toLocaleString('en-US')} → ${after.parameters.toLocaleString('en-US')} parameters, ${formatBytes(before.bytes)} → ${formatBytes(after.bytes)}`,
    `  ops before  ${formatOps(before.ops)}`,
    `  ops after   ${formatOps(after.ops)}`,
    `passes (${record.rounds} rounds${record.hitRoundLimit ? ', stopped by the round limit' : ''}):`,
  ];
  for (const p of record.passes) {
    lines.push(
      `  ${p.pass.padEnd(20)} ${String(p.applied.length).padStart(4)} applied  ${signed(-p.nodesRemoved)} nodes, ${signed(-p.initializersRemoved)} initializers  (${p.title})`,
    );
  }
  const blocked = candidates.filter((c) => c.status === 'blocked');
  lines.push(`${blocked.length} blocked`);
  for (const c of blocked) {
    lines.push(
      `  blocked  ${c.id}  ${c.op} "${c.node}": ${c.action}\n           ${c.blocked?.reason}: ${c.blocked?.message}`,
    );
  }
  lines.push(`optimized in ${elapsedMs.toFixed(0)} ms; wrote ${output}`);
  return lines.join('\n');
}
