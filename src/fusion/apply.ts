import { cloneModel } from '../onnx/clone.ts';
import { int64ToApproxNumber } from '../onnx/index.ts';
import type { GraphProto, ModelProto, NodeProto } from '../onnx/types.ts';
import { type ApplyContext, applyPlan } from './apply-plan.ts';
import { candidatesOf, planFusions } from './find.ts';
import { UniqueNames } from './names.ts';
import type { FusionPlan } from './plan.ts';
import { dropValueInfo, removeLeftovers, removeNodes } from './rewrite.ts';
import { irVersionOf } from './scope.ts';
import type { AppliedFusion, FusionCandidate, FusionOptions, FusionRecord } from './types.ts';

export interface FusionResult {
  /** The fused model: a new tree; the input model is not changed (undo keeps it). */
  model: ModelProto;
  record: FusionRecord;
  /** Side files after fusion, when fused tensors were appended to them. */
  sideFiles: Map<string, Uint8Array>;
  /**
   * The fused model's candidates (what `findFusions(model, { sideFiles })` returns for it): the
   * last round found them while looking for more to fuse, so nobody needs to search again.
   */
  candidates: FusionCandidate[];
  /** The input model's candidates, as the first round found them (for reports of what was there). */
  initialCandidates: FusionCandidate[];
}

/** Rounds of re-finding after fusions reveal new candidates (Conv→Mul then Conv→Add); a safe bound. */
const MAX_ROUNDS = 64;

/** Applies the candidates with these ids (as `findFusions` named them), in as few rounds as possible. */
export function applyFusions(model: ModelProto, ids: readonly string[], options: FusionOptions = {}): FusionResult {
  const pending = new Set(ids);
  return run(model, options, (plan) => pending.has(plan.candidate.id), pending);
}

/** Applies every fusible candidate, including those that earlier fusions make possible. */
export function applyAll(model: ModelProto, options: FusionOptions = {}): FusionResult {
  return run(model, options, () => true, undefined);
}

function run(
  source: ModelProto,
  options: FusionOptions,
  wanted: (plan: FusionPlan) => boolean,
  pending: Set<string> | undefined,
): FusionResult {
  const model = cloneModel(source);
  const sideFiles = new Map(options.sideFiles ?? []);
  const ctx: ApplyContext = {
    names: new UniqueNames(model),
    sideFiles,
    overwriteInput: options.overwriteInput ?? false,
    allocate: options.allocate,
    initializersAsInputs: irVersionOf(model) < 4,
    opset: int64ToApproxNumber((model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')?.version, 1),
  };
  const applied: AppliedFusion[] = [];
  const blockedById = new Map<string, string>();
  let initialCandidates: FusionCandidate[] = [];
  // The model as the last search saw it; undefined once a round has changed it since.
  let found: FusionCandidate[] | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const results = planFusions(model, { ...options, sideFiles });
    found = candidatesOf(results);
    if (round === 0) initialCandidates = found;
    for (const r of results)
      if (!('plan' in r) && r.candidate.blocked) blockedById.set(r.candidate.id, r.candidate.blocked.message);
    const plans = disjoint(results.flatMap((r) => ('plan' in r && wanted(r.plan) ? [r.plan] : [])));
    if (plans.length === 0) break;
    applied.push(...applyRound(model, plans, ctx));
    found = undefined;
    if (pending) for (const p of plans) pending.delete(p.candidate.id);
  }
  const skipped = [...(pending ?? [])].map((id) => ({
    id,
    reason: blockedById.get(id) ?? 'No candidate has this id.',
  }));
  const candidates = found ?? candidatesOf(planFusions(model, { ...options, sideFiles }));
  return { model, record: { applied, skipped }, sideFiles, candidates, initialCandidates };
}

/** Plans that touch no node in common, so they can be applied together against one index. */
function disjoint(plans: FusionPlan[]): FusionPlan[] {
  const used = new Set<NodeProto>();
  return plans.filter((plan) => {
    const nodes = touchedNodes(plan);
    if (nodes.some((n) => used.has(n))) return false;
    for (const n of nodes) used.add(n);
    return true;
  });
}

function keptNodeOf(plan: FusionPlan): NodeProto {
  return 'conv' in plan ? plan.conv.node : plan.node;
}

function touchedNodes(plan: FusionPlan): NodeProto[] {
  return [keptNodeOf(plan), plan.follower];
}

function applyRound(model: ModelProto, plans: FusionPlan[], ctx: ApplyContext): AppliedFusion[] {
  const removals = new Map<GraphProto, { nodes: Set<NodeProto>; values: Set<string> }>();
  const keptBefore = plans.map((plan) => keptNodeOf(plan).output?.[0] ?? '');
  const effects = plans.map((plan) => {
    const effect = applyPlan(plan, ctx);
    const entry = removals.get(plan.scope.graph) ?? { nodes: new Set(), values: new Set() };
    for (const n of effect.remove) entry.nodes.add(n);
    for (const v of effect.goneValues) entry.values.add(v);
    removals.set(plan.scope.graph, entry);
    return effect;
  });
  for (const [graph, { nodes, values }] of removals) {
    removeNodes(graph, nodes);
    dropValueInfo(graph, values);
  }
  // One clean-up for the whole round (it re-indexes the model), then credit each removal to the
  // first fusion that left it behind.
  const removed = removeLeftovers(model, {
    origins: effects.flatMap((e) => e.leftovers.origins),
    identities: effects.flatMap((e) => e.leftovers.identities),
  });
  const removedNodes = new Set(removed.nodes);
  const removedInitializers = new Set(removed.initializers);
  return plans.map((plan, i) => {
    const { leftovers, addedInitializers } = effects[i] as (typeof effects)[number];
    const ownNodes = [
      ...leftovers.identities,
      ...leftovers.origins.flatMap((o) => (o.kind === 'constant-node' ? [o.node] : [])),
    ]
      .map((n) => n.name || n.output?.[0] || '')
      .filter((name) => removedNodes.delete(name));
    const ownInitializers = leftovers.origins
      .flatMap((o) => (o.kind === 'initializer' ? [o.name] : []))
      .filter((name) => removedInitializers.delete(name));
    return {
      id: plan.candidate.id,
      kind: plan.kind,
      graphPath: plan.scope.path,
      keptNode: plan.candidate.keptNode,
      foldedNode: plan.candidate.foldedNode,
      keptOp: plan.candidate.keptOp,
      foldedOp: plan.candidate.foldedOp,
      keptOutputBefore: keptBefore[i] as string,
      keptOutputAfter: keptNodeOf(plan).output?.[0] ?? '',
      addedInitializers,
      removedInitializers: ownInitializers,
      removedNodes: [plan.candidate.foldedNode, ...ownNodes],
    };
  });
}
