import { attrFloat, attrInt, onnxOp } from '../../fusion/attributes.ts';
import { UniqueNames } from '../../fusion/names.ts';
import { addInitializer } from '../../fusion/rewrite.ts';
import { readCount } from '../../fusion/scope.ts';
import { tensorLike } from '../../fusion/tensors.ts';
import { onnx } from '../../onnx/protobuf.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { columnValues, perColumn, readFloatConstant } from '../float-constants.ts';
import { nodeTitle, producerOf, removeGraphNodes } from '../graph-edit.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { lookupConstant } from '../values.ts';
import { Findings } from './report.ts';

/**
 * Gemm → Mul or Add by a constant with one value per output column ([N], [1, N], [1], scalar):
 * a Mul scales B's columns (its rows when transB) and C; an Add adds to C (beta must be 1, or C
 * absent, when beta becomes 1). B and C must be constants; the new ones are new initializers
 * (never the old ones changed: another node may share them), and the old ones go when unread.
 * The Gemm's output must be read by the Mul or Add alone.
 */
export const gemmAffinePass: Pass = {
  name: 'gemm-affine',
  kind: 'fusion',
  title: 'Gemm followed by Mul/Add of a per-column constant folded into its B and C',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    let names: UniqueNames | undefined;
    for (const scope of ctx.scopes) {
      const removed = new Set<NodeProto>();
      const listAsInput = scope.isMain && ctx.irVersion < 4;
      for (const node of scope.index.nodes) {
        const op = onnxOp(node);
        if ((op !== 'Mul' && op !== 'Add') || (node.input ?? []).length !== 2) continue;
        const side = (node.input ?? []).findIndex((name) => onnxOp(producerOf(scope, name) ?? {}) === 'Gemm');
        if (side < 0) continue;
        const product = node.input?.[side] as string;
        const gemm = producerOf(scope, product) as NodeProto;
        const kName = node.input?.[1 - side] as string;
        if (readCount(scope, product) !== 1 || removed.has(gemm) || !lookupConstant(ctx, scope, kName).ok) continue;
        const output = node.output?.[0] ?? '';
        const action = `${op} folded into Gemm`;
        const refuse = (reason: string, message: string) =>
          findings.refuse(scope, output, nodeTitle(node), op, action, reason, message);
        const bName = gemm.input?.[1] ?? '';
        const cName = gemm.input?.[2] ?? '';
        const b = readFloatConstant(ctx, scope, bName, 'Gemm weight');
        const k = readFloatConstant(ctx, scope, kName, `${op} operand`);
        const c = cName ? readFloatConstant(ctx, scope, cName, 'Gemm bias') : undefined;
        const failed = [b, k, c].find((r) => r !== undefined && !r.ok);
        if (failed && !failed.ok) {
          refuse(failed.reason, failed.message);
          continue;
        }
        if (!b.ok || !k.ok || (c !== undefined && !c.ok)) continue;
        const transB = attrInt(gemm, 'transB', 0) === 1;
        if (b.dims.length !== 2) {
          refuse('SHAPE_MISMATCH', `The Gemm weight "${bName}" is not 2-D.`);
          continue;
        }
        const n = b.dims[transB ? 0 : 1] as number;
        if (!perColumn(k.dims, n) || (c && !perColumn(c.dims, n))) {
          refuse('BROADCAST', `The ${op} operand or the Gemm bias is not one value per column of [M, ${n}].`);
          continue;
        }
        const type = b.tensor.dataType;
        if (k.tensor.dataType !== type || (c && c.tensor.dataType !== type)) {
          refuse('DTYPE', 'The Gemm weights and the operand are not of one float type.');
          continue;
        }
        const beta = attrFloat(gemm, 'beta', 1);
        if (op === 'Add' && c && beta !== 1) {
          refuse('ATTRIBUTE', `The Gemm's beta is ${beta}; adding to C would need dividing by it.`);
          continue;
        }
        if (!findings.offer(scope, output, nodeTitle(node), op, action)) continue;
        names ??= new UniqueNames(ctx.model);
        const column = columnValues(k.values, n);
        const inputs = [...(gemm.input ?? [])];
        let attributes = gemm.attribute ?? [];
        if (op === 'Mul') {
          const scaled = Float64Array.from(
            b.values,
            (v, i) => v * (column[transB ? Math.floor(i / (b.dims[1] as number)) : i % n] as number),
          );
          inputs[1] = addInitializer(
            scope.graph,
            tensorLike(b.tensor, names.next(bName), b.dims, scaled, ctx.sideFiles),
            listAsInput,
          );
          if (c) {
            const bias = Float64Array.from(column, (s, j) => s * (columnValues(c.values, n)[j] as number));
            inputs[2] = addInitializer(
              scope.graph,
              tensorLike(c.tensor, names.next(cName), [n], bias, ctx.sideFiles),
              listAsInput,
            );
          }
        } else {
          const bias = c ? Float64Array.from(column, (d, j) => (columnValues(c.values, n)[j] as number) + d) : column;
          inputs[2] = addInitializer(
            scope.graph,
            tensorLike((c ?? k).tensor, names.next(cName || `${gemm.name || output}.bias`), [n], bias, ctx.sideFiles),
            listAsInput,
          );
          if (!c) {
            attributes = [
              ...attributes.filter((a) => a.name !== 'beta'),
              { name: 'beta', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1 },
            ];
          }
        }
        gemm.input = inputs;
        gemm.attribute = attributes;
        gemm.output = [output, ...(gemm.output ?? []).slice(1)];
        removed.add(node);
      }
      removeGraphNodes(scope.graph, removed);
    }
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};
