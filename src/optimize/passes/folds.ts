import { applyAll, applyFusions, type FusionCandidate, findFusions } from '../../fusion/index.ts';
import type { OptimizeCandidate, Pass, PassContext, PassOutcome } from '../types.ts';

/**
 * The Conv/BN-family folds of src/fusion, as one pass: Conv/ConvTranspose → BatchNormalization,
 * Conv/ConvTranspose → per-channel Mul/Add (which is where ConvTranspose + Mul/Add lives),
 * BatchNormalization → Conv, Gemm/MatMul → BatchNormalization. Candidates keep fusion's ids (as
 * `bnfold fuse` lists them), so `--only` takes the same ids in both commands.
 */
export const foldsPass: Pass = {
  name: 'conv-bn-folds',
  kind: 'fold',
  title: 'BatchNormalization and per-channel Mul/Add folded into Conv, ConvTranspose, Gemm and MatMul (src/fusion)',
  run(ctx: PassContext): PassOutcome {
    const fusionOptions = {
      sideFiles: ctx.sideFiles,
      inputInitializersAreConstant: ctx.options.inputInitializersAreConstant ?? false,
      overwriteInput: ctx.options.overwriteInput ?? false,
    };
    const found = findFusions(ctx.model, fusionOptions);
    const wanted = found.filter((c) => c.status === 'fusible' && ctx.wanted(c.id)).map((c) => c.id);
    const unwanted = found.filter((c) => c.status === 'fusible' && !ctx.wanted(c.id));
    if (wanted.length === 0) {
      return {
        model: ctx.model,
        candidates: found
          .filter((c) => c.status === 'blocked')
          .concat(unwanted)
          .map(asCandidate),
        applied: [],
      };
    }
    // applyAll also applies the folds that earlier ones make possible (Conv→Mul then →Add).
    const result = ctx.options.only
      ? applyFusions(ctx.model, wanted, fusionOptions)
      : applyAll(ctx.model, fusionOptions);
    for (const [location, bytes] of result.sideFiles) ctx.sideFiles.set(location, bytes);
    const applied = new Set(result.record.applied.map((a) => a.id));
    return {
      model: result.model,
      candidates: result.candidates
        .filter((c) => !applied.has(c.id) && (c.status === 'blocked' || !ctx.wanted(c.id)))
        .map(asCandidate),
      applied: result.record.applied.map((a) => a.id),
    };
  },
};

function asCandidate(c: FusionCandidate): OptimizeCandidate {
  return {
    id: c.id,
    pass: 'conv-bn-folds',
    kind: 'fold',
    graphPath: c.graphPath,
    node: c.foldedNode,
    op: `${c.keptOp}+${c.foldedOp}`,
    action: `${c.foldedOp} folded into ${c.keptOp} "${c.keptNode}"`,
    status: c.status === 'blocked' ? 'blocked' : 'applicable',
    ...(c.blocked ? { blocked: { reason: c.blocked.reason, message: c.blocked.message } } : {}),
  };
}
