import { onnxOp } from '../../fusion/attributes.ts';
import { readCount } from '../../fusion/scope.ts';
import { DataType } from '../../onnx/index.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { readFloatConstant } from '../float-constants.ts';
import { nodeTitle, producerOf } from '../graph-edit.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { lookupConstant, valueFacts } from '../values.ts';
import { Findings } from './report.ts';

/** Gemm kernels onnxruntime has on every provider: float32 and float64. */
const GEMM_TYPES = new Set<number>([DataType.FLOAT, DataType.DOUBLE]);

/**
 * MatMul(A, B) + C → Gemm(A, B, C), for a 2-D A (Gemm takes matrices only; A's rank must be
 * stated in the file), a constant 2-D B [K, N] and a constant C of one value per column ([N],
 * [1, N], [1] or a scalar) of B's float type. The MatMul's output must be read by the Add alone.
 * An Add whose other operand is computed at run time is not a candidate (it is a residual).
 */
export const matmulAddToGemmPass: Pass = {
  name: 'matmul-add-to-gemm',
  kind: 'fusion',
  title: 'MatMul + Add of a per-column constant to Gemm (2-D A, constant 2-D B)',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    for (const scope of ctx.scopes) {
      const replaced = new Map<NodeProto, NodeProto>();
      const removed = new Set<NodeProto>();
      for (const add of scope.index.nodes) {
        if (onnxOp(add) !== 'Add' || (add.input ?? []).length !== 2) continue;
        const side = (add.input ?? []).findIndex((name) => {
          const p = producerOf(scope, name);
          return p !== undefined && onnxOp(p) === 'MatMul';
        });
        if (side < 0) continue;
        const product = add.input?.[side] as string;
        const matmul = producerOf(scope, product) as NodeProto;
        const cName = add.input?.[1 - side] as string;
        const bName = matmul.input?.[1] ?? '';
        const aName = matmul.input?.[0] ?? '';
        if (readCount(scope, product) !== 1 || removed.has(matmul)) continue;
        if (!lookupConstant(ctx, scope, cName).ok || !lookupConstant(ctx, scope, bName).ok) continue;
        const output = add.output?.[0] ?? '';
        const action = 'MatMul + Add became Gemm';
        const refuse = (reason: string, message: string) =>
          findings.refuse(scope, output, nodeTitle(matmul), 'MatMul', action, reason, message);
        const b = readFloatConstant(ctx, scope, bName, 'MatMul weight');
        const c = readFloatConstant(ctx, scope, cName, 'Add operand');
        if (!b.ok) {
          refuse(b.reason, b.message);
          continue;
        }
        if (!c.ok) {
          refuse(c.reason, c.message);
          continue;
        }
        const rankA = valueFacts(ctx, scope, aName)?.dims?.length;
        if (rankA === undefined) {
          refuse('SHAPE_UNKNOWN', `The rank of "${aName}" is not stated in the file; Gemm needs a 2-D input.`);
          continue;
        }
        if (rankA !== 2 || b.dims.length !== 2) {
          refuse(
            'SHAPE_MISMATCH',
            `"${aName}" has rank ${rankA} and the weight rank ${b.dims.length}; Gemm multiplies 2-D matrices only.`,
          );
          continue;
        }
        const n = b.dims[1] as number;
        const cDims = c.dims;
        if (
          !(cDims.length <= 1
            ? cDims.length === 0 || cDims[0] === 1 || cDims[0] === n
            : cDims.length === 2 && cDims[0] === 1 && (cDims[1] === n || cDims[1] === 1))
        ) {
          refuse(
            'BROADCAST',
            `The Add operand "${cName}" has shape [${cDims.join(', ')}], not one value per column of [M, ${n}].`,
          );
          continue;
        }
        const type = b.tensor.dataType ?? 0;
        if (!GEMM_TYPES.has(type) || c.tensor.dataType !== type) {
          refuse('DTYPE', 'Gemm is fused for float32 and float64 with B and C of one type.');
          continue;
        }
        if (!findings.offer(scope, output, nodeTitle(matmul), 'MatMul', action)) continue;
        const gemm: NodeProto = {
          name: matmul.name || add.name || '',
          opType: 'Gemm',
          input: [aName, bName, cName],
          output: [output],
          attribute: [],
        };
        replaced.set(add, gemm);
        removed.add(matmul);
      }
      if (replaced.size > 0 || removed.size > 0) {
        scope.graph.node = (scope.graph.node ?? []).filter((n) => !removed.has(n)).map((n) => replaced.get(n) ?? n);
      }
    }
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};
