import { buildScopes, irVersionOf } from '../fusion/scope.ts';
import { cloneModel } from '../onnx/clone.ts';
import { int64ToApproxNumber } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import { countModel } from './count.ts';
import { PASSES, selectPasses } from './registry.ts';
import { inferRound, type RoundShapes } from './round-shapes.ts';
import type { OptimizeCandidate, OptimizeOptions, OptimizeResult, PassContext, PassRecord } from './types.ts';

/**
 * Rounds of all passes before giving up on a fixed point. Each round that changes anything removes
 * or merges at least one node or initializer, so real models settle in a few rounds (PaddleOCR: 3
 * or 4); the bound only stops a pass pair that would undo each other, which would be a bug.
 */
export const MAX_ROUNDS = 32;

/**
 * Applies the selected passes (all by default) to a fixed point, in every graph of the model
 * (main, and If/Loop/Scan bodies at any depth). The input model is never changed: the optimizer
 * works on its own copy (src/fusion/clone.ts: messages copied, bytes and number arrays shared).
 *
 * Order (one round runs every pass once, in PASSES order; rounds repeat until none applies
 * anything): constants first, so every later pass sees one form of constant (initializers) and
 * duplicated tensors as one name; constant folding next, so shape arithmetic over constants
 * becomes the constant shapes and axes the later passes read; no-ops next, so the nodes around a pass-through become
 * neighbours for the chain pass; chains; the fusions and the Conv/BN folds once the graph is in
 * its plain form (an Identity between a conv and its BN is gone); duplicates after the fusions,
 * because merging two equal Pads (or MatMuls) would give the merged node two readers and block
 * folding it into each of them, while the fusions never make a duplicate unmergeable (equal
 * nodes left over are still equal next round); dead code last, sweeping what every earlier pass
 * left unread. Unused initializers left by the last passes go in the next
 * round's constants pass, which is also how the fixed point is confirmed.
 */
export function optimize(model: ModelProto, options: OptimizeOptions = {}): OptimizeResult {
  const passes = selectPasses(options);
  let current = cloneModel(model);
  const sideFiles = new Map(options.sideFiles ?? []);
  const records: PassRecord[] = passes.map((p) => ({
    pass: p.name,
    kind: p.kind,
    title: p.title,
    applied: [],
    nodesRemoved: 0,
    initializersRemoved: 0,
  }));
  const only = options.only ? new Set(options.only) : undefined;
  const opset = int64ToApproxNumber(
    (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')?.version,
    1,
  );
  let candidates: OptimizeCandidate[] = [];
  let rounds = 0;
  let changed = true;
  while (changed && rounds < MAX_ROUNDS) {
    rounds++;
    changed = false;
    candidates = [];
    // One shape inference per round, made by the first pass that asks (round-shapes.ts: why stale is safe).
    let roundShapes: RoundShapes | undefined;
    const inferOptions = { inputInitializersAreConstant: options.inputInitializersAreConstant ?? false };
    passes.forEach((pass, i) => {
      const ctx: PassContext = {
        model: current,
        scopes: buildScopes(current),
        options,
        sideFiles,
        irVersion: irVersionOf(current),
        opset,
        wanted: (id) => only === undefined || only.has(id),
        shapes: () => {
          roundShapes ??= inferRound(current, inferOptions);
          return roundShapes;
        },
      };
      const before = countModel(current);
      const outcome = pass.run(ctx);
      current = outcome.model;
      const after = countModel(current);
      const record = records[i] as PassRecord;
      record.applied.push(...outcome.applied);
      record.nodesRemoved += before.nodes - after.nodes;
      record.initializersRemoved += before.initializers - after.initializers;
      candidates.push(...outcome.candidates);
      if (outcome.applied.length > 0) changed = true;
    });
  }
  return {
    model: current,
    record: { passes: records, rounds, hitRoundLimit: changed },
    candidates,
    sideFiles,
  };
}

/** The registry, for listings: name, kind and title of every pass in the order they run. */
export function listPasses(): { name: string; kind: string; title: string }[] {
  return PASSES.map(({ name, kind, title }) => ({ name, kind, title }));
}
