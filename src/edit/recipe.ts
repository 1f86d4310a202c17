import { isOnnxError, OnnxError } from '../onnx/errors.ts';
import type { EditOp, Recipe } from './types.ts';
import { validateOp } from './validate.ts';

/** Most steps a recipe may hold: each is a whole edit, and a history this long is no one's. */
export const MAX_RECIPE_STEPS = 10_000;
/** Largest recipe text read (a recipe names values; weights travel as .npy files beside it). */
export const MAX_RECIPE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a recipe file: `{"bnfold": 1, "steps": [{"op": …}, …]}`.
 * @throws OnnxError RECIPE_INVALID with a sentence; a bad step is named by its number (from 1)
 *   and op: `step 3 (rename): rename needs "to" (a string).`
 */
export function parseRecipe(text: string): Recipe {
  if (text.length > MAX_RECIPE_BYTES) throw invalid(`it is larger than ${MAX_RECIPE_BYTES / 1024 / 1024} MB.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('it must be an object {"bnfold": 1, "steps": [...]}.');
  }
  const { bnfold, steps, ...rest } = value as Record<string, unknown>;
  if (bnfold !== 1) throw invalid(`"bnfold" must be 1 (this version's recipe format), not ${clipJson(bnfold)}.`);
  const extra = Object.keys(rest)[0];
  if (extra !== undefined)
    throw invalid(`it has an unknown field "${extra.slice(0, 40)}" (only "bnfold" and "steps").`);
  if (!Array.isArray(steps)) throw invalid('"steps" must be a list of edits.');
  if (steps.length > MAX_RECIPE_STEPS) throw invalid(`it has ${steps.length} steps, more than ${MAX_RECIPE_STEPS}.`);
  return { bnfold: 1, steps: steps.map((step, i) => validateStep(step, i)) };
}

function validateStep(step: unknown, index: number): EditOp {
  try {
    return validateOp(step);
  } catch (error) {
    if (!isOnnxError(error)) throw error;
    throw new OnnxError('RECIPE_INVALID', `${stepLabel(index, step)}: ${error.message}`);
  }
}

/** "step 3 (rename)" for the step at `index` (0-based), its op as written when it has one. */
export function stepLabel(index: number, step: unknown): string {
  const op = typeof step === 'object' && step !== null ? (step as { op?: unknown }).op : undefined;
  return typeof op === 'string' ? `step ${index + 1} (${op.slice(0, 40)})` : `step ${index + 1}`;
}

/** A recipe as the page exports it: two-space JSON, one trailing newline (stable for diffs). */
export function formatRecipe(steps: readonly EditOp[]): string {
  const recipe: Recipe = { bnfold: 1, steps: [...steps] };
  return `${JSON.stringify(recipe, null, 2)}\n`;
}

/** The `.npy` paths a recipe reads, each once, in order of first use. */
export function recipeFiles(recipe: Recipe): string[] {
  return [...new Set(recipe.steps.flatMap((s) => (s.op === 'set-initializer' ? [s.npy] : [])))];
}

function invalid(reason: string): OnnxError {
  return new OnnxError('RECIPE_INVALID', `The recipe cannot be read: ${reason}`);
}

function clipJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
