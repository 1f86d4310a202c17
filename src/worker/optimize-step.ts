import type { FusionCandidate, FusionKind, StepFold } from '../fusion/index.ts';
import { encodeModelParts, OnnxError, partsSize, summarizeModel } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import { listPasses, type OptimizeCandidate, optimize, selectPasses, UnknownPassError } from '../optimize/index.ts';
import type { LeftCandidate, ModelFigures, OptimizeSummary, PassInfo } from './steps.ts';

/** The registry's pass that applies src/fusion's folds: what it applies counts as fused. */
const FOLD_PASS = 'conv-bn-folds';

export interface OptimizeStep {
  model: ModelProto;
  sideFiles: Map<string, Uint8Array>;
  /** The passes run, by name, in registry order: what a replay runs again. */
  passes: string[];
  folds: StepFold[];
  summary: OptimizeSummary;
}

/** Every pass the optimizer has, in the order a round runs them. */
export function optimizerPasses(): PassInfo[] {
  return listPasses();
}

/**
 * Runs the optimizer over `model` with `passes` (all when undefined). Refuses, changing nothing,
 * when a name is unknown or no pass found anything to change (no empty step to undo).
 * @param before the Conv/BN candidates of `model`, to name what the fold pass folded
 */
export function optimizeStep(
  model: ModelProto,
  sideFiles: Map<string, Uint8Array>,
  passes: readonly string[] | undefined,
  before: readonly FusionCandidate[],
  only?: readonly string[],
): OptimizeStep {
  let selected: string[];
  try {
    selected = selectPasses(passes ? { passes } : {}).map((p) => p.name);
  } catch (error) {
    if (error instanceof UnknownPassError) throw new OnnxError('UNKNOWN_PASS', capitalized(error.message));
    throw error;
  }
  if (selected.length === 0) throw new OnnxError('NOTHING_TO_OPTIMIZE', 'Nothing was optimized: no pass is selected.');
  const result = optimize(model, { passes: selected, sideFiles, ...(only ? { only } : {}) });
  if (result.record.passes.every((p) => p.applied.length === 0)) {
    throw new OnnxError(
      'NOTHING_TO_OPTIMIZE',
      only
        ? `Nothing was optimized: ${only.join(', ')} is no longer a candidate the selected passes can apply.`
        : 'Nothing was optimized: the selected passes found nothing to change in this model.',
    );
  }
  const foldIds = result.record.passes.find((p) => p.pass === FOLD_PASS)?.applied ?? [];
  return {
    model: result.model,
    sideFiles: result.sideFiles,
    passes: selected,
    folds: foldsOf(foldIds, before, model, result.model),
    summary: {
      before: figures(model),
      after: figures(result.model),
      passes: result.record.passes.map((p) => ({
        pass: p.pass,
        title: p.title,
        kind: p.kind,
        applied: p.applied.length,
        nodesRemoved: p.nodesRemoved,
        initializersRemoved: p.initializersRemoved,
      })),
      rounds: result.record.rounds,
      hitRoundLimit: result.record.hitRoundLimit,
      left: result.candidates.filter((c) => c.pass !== FOLD_PASS).map(leftCandidate),
    },
  };
}

/**
 * What every optimizer pass would change in `model`, applying nothing: one round with no candidate
 * wanted, so each pass looks at the model as it is and reports what it finds (with its reason
 * when blocked). Applying one of them (`optimizeStep` with `only: [id]` and its pass) sees the
 * same model and so finds the same id. The Conv/BN folds are left out: the candidate list has them.
 */
export function optimizerPreview(model: ModelProto, sideFiles: ReadonlyMap<string, Uint8Array>): LeftCandidate[] {
  const result = optimize(model, { sideFiles, only: [] });
  return result.candidates
    .filter((c) => c.pass !== FOLD_PASS)
    .map((c) => ({ ...leftCandidate(c), ...(c.blocked ? {} : { reason: APPLICABLE, message: 'Can be applied.' }) }));
}

/** The reason of a previewed candidate that nothing blocks: it can be applied now. */
export const APPLICABLE = 'APPLICABLE';

function figures(model: ModelProto): ModelFigures {
  const s = summarizeModel(model);
  return {
    nodes: s.nodeCount,
    totalNodes: s.totalNodeCount,
    parameters: s.parameterCount,
    // Parts are views of the weights: sizing them copies nothing.
    bytes: partsSize(encodeModelParts(model)),
  };
}

function leftCandidate(c: OptimizeCandidate): LeftCandidate {
  return {
    id: c.id,
    pass: c.pass,
    node: c.node,
    op: c.op,
    action: c.action,
    reason: c.blocked?.reason ?? 'NOT_SELECTED',
    message: c.blocked?.message ?? 'Not applied in this run.',
  };
}

/** The op a fold of each kind folds away, and the op that takes it (when the id is all we know). */
const FOLD_OPS: Record<FusionKind, { kept: string; folded: string }> = {
  'conv-bn': { kept: 'Conv', folded: 'BatchNormalization' },
  'conv-mul': { kept: 'Conv', folded: 'Mul' },
  'conv-add': { kept: 'Conv', folded: 'Add' },
  'bn-conv': { kept: 'Conv', folded: 'BatchNormalization' },
  'gemm-bn': { kept: 'Gemm', folded: 'BatchNormalization' },
  'matmul-bn': { kept: 'MatMul', folded: 'BatchNormalization' },
};

/**
 * The folds the optimizer applied, named as the Conv/BN candidate list names them. Most were
 * candidates of the model before (ids are stable); a fold that only became possible inside the
 * run (a Mul after a Conv once an Identity between them went, an Add after a Mul was folded) is
 * named from its id and the node that produces its output afterwards.
 */
function foldsOf(
  ids: readonly string[],
  before: readonly FusionCandidate[],
  model: ModelProto,
  optimized: ModelProto,
): StepFold[] {
  const known = new Map(before.map((c) => [c.id, c]));
  const outputOf = new Map((model.graph?.node ?? []).map((n) => [n.name ?? '', n.output?.[0] ?? '']));
  const producer = new Map((optimized.graph?.node ?? []).map((n) => [n.output?.[0] ?? '', n]));
  return ids.map((id) => {
    const c = known.get(id);
    if (c) {
      const main = c.graphPath === 'main';
      return {
        id,
        kind: c.kind,
        graphPath: c.graphPath,
        keptNode: c.keptNode,
        keptOp: c.keptOp,
        foldedNode: c.foldedNode,
        foldedOp: c.foldedOp,
        keptOutputBefore: main ? (outputOf.get(c.keptNode) ?? '') : '',
        keptOutputAfter: c.output,
      };
    }
    const [kindText = '', ...rest] = id.split(':');
    const kind = (kindText in FOLD_OPS ? kindText : 'conv-bn') as FusionKind;
    // Main-graph ids are "kind:output"; subgraph ids "kind:path:output" (paths start with "main/").
    const inMain = !rest[0]?.startsWith('main/');
    const output = inMain ? rest.join(':') : rest.slice(1).join(':');
    const kept = inMain ? producer.get(output) : undefined;
    return {
      id,
      kind,
      graphPath: inMain ? 'main' : (rest[0] ?? 'main'),
      keptNode: kept?.name || output,
      keptOp: kept?.opType ?? FOLD_OPS[kind].kept,
      foldedNode: '',
      foldedOp: FOLD_OPS[kind].folded,
      keptOutputBefore: '',
      keptOutputAfter: output,
    };
  });
}

function capitalized(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${s.endsWith('.') ? '' : '.'}`;
}
