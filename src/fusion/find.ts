import type { ModelProto, NodeProto } from '../onnx/types.ts';
import { onnxOp } from './attributes.ts';
import { candidateId } from './candidate.ts';
import type { CheckContext } from './checks.ts';
import { findBnConv } from './find-bn-conv.ts';
import { findConvAffine } from './find-conv-affine.ts';
import { CONV_OPS, findConvBn } from './find-conv-bn.ts';
import { findGemmBn } from './find-gemm-bn.ts';
import type { PlanOrBlocked } from './plan.ts';
import { buildScopes, irVersionOf } from './scope.ts';
import type { FusionCandidate, FusionOptions } from './types.ts';

/**
 * Every fusion candidate of a model, in every graph (If/Loop/Scan bodies included), in graph
 * order, each fusible or blocked with its reason.
 */
export function findFusions(model: ModelProto, options: FusionOptions = {}): FusionCandidate[] {
  return candidatesOf(planFusions(model, options));
}

/** The candidates of a search's results, fusible and blocked, in their order. */
export function candidatesOf(results: readonly PlanOrBlocked[]): FusionCandidate[] {
  return results.map((p) => ('plan' in p ? p.plan.candidate : p.candidate));
}

export function planFusions(model: ModelProto, options: FusionOptions = {}): PlanOrBlocked[] {
  const constants = {
    irVersion: irVersionOf(model),
    inputInitializersAreConstant: options.inputInitializersAreConstant ?? false,
    sideFiles: options.sideFiles,
  };
  const results: PlanOrBlocked[] = [];
  for (const scope of buildScopes(model)) {
    const ctx: CheckContext = { scope, constants };
    for (const node of scope.index.nodes) {
      const op = onnxOp(node);
      if (op === 'BatchNormalization') {
        const into = findConvBn(ctx, node) ?? findGemmBn(ctx, node);
        if (into) results.push(into);
        // A BN that cannot fold into the node before it may still fold into the conv after it.
        if (!into || !('plan' in into)) {
          const before = findBnConv(ctx, node);
          if (before) results.push(before);
        }
      } else if (op === 'Mul' || op === 'Add') {
        const affine = findConvAffine(ctx, node);
        if (affine) results.push(affine);
      }
    }
  }
  results.push(...functionCandidates(model));
  return results;
}

/**
 * Conv → BN pairs inside model-local functions are reported but not rewritten: a function's
 * weights are its inputs, bound anew at every call site.
 */
function functionCandidates(model: ModelProto): PlanOrBlocked[] {
  const out: PlanOrBlocked[] = [];
  for (const fn of model.functions ?? []) {
    const nodes = fn.node ?? [];
    const producer = new Map<string, NodeProto>();
    for (const node of nodes) for (const o of node.output ?? []) producer.set(o, node);
    const path = `function:${fn.domain ? `${fn.domain}.` : ''}${fn.name ?? ''}`;
    for (const node of nodes) {
      const conv = producer.get(node.input?.[0] ?? '');
      if (onnxOp(node) !== 'BatchNormalization' || !conv || !CONV_OPS.has(onnxOp(conv))) continue;
      const output = node.output?.[0] ?? '';
      out.push({
        candidate: {
          id: candidateId('conv-bn', path, output),
          kind: 'conv-bn',
          graphPath: path,
          keptNode: conv.name ?? '',
          keptOp: onnxOp(conv),
          foldedNode: node.name ?? '',
          foldedOp: 'BatchNormalization',
          output,
          status: 'blocked',
          blocked: {
            reason: 'IN_FUNCTION',
            message: `This pair is inside the model-local function ${fn.name ?? ''}, whose weights are inputs bound at each call; it is not rewritten.`,
          },
        },
      });
    }
  }
  return out;
}
