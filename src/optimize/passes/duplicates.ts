import { onnxOp } from '../../fusion/attributes.ts';
import type { GraphScope } from '../../fusion/scope.ts';
import { Long, nodeSubgraphs, topologicalOrder } from '../../onnx/index.ts';
import type { AttributeProto, NodeProto, TensorProto } from '../../onnx/types.ts';
import { nodeTitle, removeGraphNodes, renameReads } from '../graph-edit.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { Findings } from './report.ts';

/**
 * Ops whose outputs differ between two evaluations with the same inputs: two of them are two
 * draws, never one. Dropout is here too: in training it draws a mask (in inference the no-op pass
 * removes it anyway).
 */
export const NON_DETERMINISTIC = new Set([
  'RandomNormal',
  'RandomUniform',
  'RandomNormalLike',
  'RandomUniformLike',
  'Multinomial',
  'Bernoulli',
  'Dropout',
]);

/**
 * Common subexpressions: a node of the default ONNX domain with the same op, inputs (in order),
 * attributes and number of outputs as an earlier node of the same graph computes the same values;
 * its readers read the earlier node's outputs instead. Left out: non-deterministic ops, ops of
 * other domains (their determinism is not known), nodes holding subgraphs, and a node whose
 * output is a graph output (its name must stay).
 */
export const duplicatesPass: Pass = {
  name: 'duplicates',
  kind: 'duplicate',
  title: 'Common subexpressions (same op, inputs and attributes; deterministic ops only) merged',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    for (const scope of ctx.scopes) merge(scope, findings);
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};

function merge(scope: GraphScope, findings: Findings): void {
  const { order, cyclic } = topologicalOrder(scope.index);
  if (cyclic.length > 0) return;
  // Outputs of removed nodes → the kept node's outputs; keys are built over renamed inputs, so
  // merging cascades down a chain in one sweep.
  const alias = new Map<string, string>();
  const seen = new Map<string, NodeProto>();
  const removed = new Set<NodeProto>();
  for (const i of order) {
    const node = scope.index.nodes[i] as NodeProto;
    const op = onnxOp(node);
    if (!op || NON_DETERMINISTIC.has(op) || nodeSubgraphs(node).length > 0) continue;
    const inputs = (node.input ?? []).map((n) => alias.get(n) ?? n);
    const key = `${op}|${inputs.join('\u0000')}|${(node.output ?? []).length}|${attributesKey(node.attribute ?? [])}`;
    const kept = seen.get(key);
    if (!kept) {
      seen.set(key, node);
      continue;
    }
    const output = node.output?.[0] ?? '';
    const action = `merged into the equal ${op} "${nodeTitle(kept)}"`;
    const outputs = node.output ?? [];
    if (outputs.some((o) => o && scope.index.outputs.has(o))) {
      findings.refuse(
        scope,
        output,
        nodeTitle(node),
        op,
        action,
        'GRAPH_OUTPUT',
        `An output of "${nodeTitle(node)}" is a graph output, whose name must stay.`,
      );
      continue;
    }
    if (!findings.offer(scope, output, nodeTitle(node), op, action)) continue;
    outputs.forEach((o, k) => {
      const to = kept.output?.[k];
      if (o && to) alias.set(o, to);
    });
    removed.add(node);
  }
  removeGraphNodes(scope.graph, removed);
  for (const [from, to] of alias) renameReads(scope.graph, from, to);
}

/** Attributes as a canonical string, in name order; floats by their bits, tensors by their bytes. */
function attributesKey(attributes: readonly AttributeProto[]): string {
  return [...attributes]
    .sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : 1))
    .map((a) =>
      JSON.stringify([
        a.name ?? '',
        a.type ?? 0,
        a.f === undefined || a.f === null ? null : floatBits(a.f),
        a.i === undefined || a.i === null ? null : Long.fromValue(a.i).toString(),
        a.s ? bytesKey(a.s) : null,
        a.t ? tensorKey(a.t) : null,
        (a.floats ?? []).map(floatBits),
        (a.ints ?? []).map((v) => Long.fromValue(v).toString()),
        (a.strings ?? []).map(bytesKey),
        (a.tensors ?? []).map(tensorKey),
        a.refAttrName ?? null,
        a.sparseTensor || (a.sparseTensors ?? []).length > 0 || a.tp || (a.typeProtos ?? []).length > 0
          ? uniqueToken()
          : null,
      ]),
    )
    .join(';');
}

/** Float attributes are float32 on the wire; their bits tell -0 from 0 and keep NaN equal to itself. */
function floatBits(f: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, f);
  return view.getUint32(0);
}

function bytesKey(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] as number).toString(16).padStart(2, '0');
  return s;
}

/** Tensors past this are not compared (the constants pass makes them initializers first anyway). */
const MAX_COMPARED_BYTES = 1 << 20;

function tensorKey(t: TensorProto): string {
  if ((t.rawData?.length ?? 0) > MAX_COMPARED_BYTES) return uniqueToken();
  return JSON.stringify([
    t.dataType ?? 0,
    (t.dims ?? []).map((d) => Long.fromValue(d).toString()),
    t.rawData ? bytesKey(t.rawData) : null,
    (t.floatData ?? []).map(floatBits),
    (t.int32Data ?? []).map(String),
    (t.int64Data ?? []).map((v) => Long.fromValue(v).toString()),
    (t.doubleData ?? []).map(String),
    (t.uint64Data ?? []).map((v) => Long.fromValue(v).toString()),
    (t.stringData ?? []).map(bytesKey),
    (t.externalData ?? []).length > 0 ? uniqueToken() : null,
  ]);
}

let tokens = 0;
/** A key part that equals nothing else: attributes this pass does not compare are never merged. */
function uniqueToken(): string {
  tokens += 1;
  return `unique#${tokens}`;
}
