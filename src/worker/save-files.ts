import type { StepRecord } from './steps.ts';

/**
 * The name a saved model takes after the edits `steps`: `<name>.edited.onnx` once any edit other
 * than a fusion or an optimizer run was made (renames, deletions, extracts change what the model
 * is), else `<name>.optimized.onnx` once the optimizer ran at any step (it changes more than
 * folds), `<name>.fused.onnx` after fusions alone, and the name it was opened under while nothing
 * has changed (a download of an unchanged model is that model, not a fused one).
 */
export function savedModelName(modelName: string, steps: readonly StepRecord[]): string {
  if (steps.length === 0) return modelName;
  const edited = steps.some((s) => s.op !== 'fuse' && s.op !== 'fuse-all' && s.op !== 'optimize');
  const suffix = edited ? 'edited' : steps.some((s) => s.op === 'optimize') ? 'optimized' : 'fused';
  return `${modelName.replace(/\.onnx$/i, '')}.${suffix}.onnx`;
}
