import type { StateCreator } from 'zustand';
// The recipe format alone (JSON text <-> ops), not the edit engine: that runs in the worker.
import { formatRecipe, parseRecipe, stepLabel } from '../edit/recipe.ts';
import type { EditOp } from '../edit/types.ts';
import type { FileBlob } from '../worker/protocol.ts';
import { baseName, filesAsBytes, freeName, npyNames } from './edit-files.ts';
import { callWorker } from './run.ts';
import { saveFile } from './save-file.ts';
import type { AppState } from './types.ts';

export interface RecipeSlice {
  /**
   * Downloads the history up to the current step as a recipe (`<model>.recipe.json`, the format
   * `bnfold edit --recipe` reads) and the .npy files its steps read, to keep beside it.
   */
  exportRecipe: () => void;
  /**
   * Applies a recipe picked with its .npy files: each step becomes a step of the history. All or
   * nothing: a recipe that cannot be read, a file it names that was not picked, or a refused step
   * ("step N (op): reason") is the page's error and the model stays as it was.
   */
  applyRecipe: (files: readonly File[]) => Promise<void>;
}

export const createRecipeSlice: StateCreator<AppState, [], [], RecipeSlice> = (set, get) => ({
  exportRecipe() {
    const snapshot = get().snapshot;
    if (!snapshot) return;
    const stem = snapshot.name.replace(/\.onnx$/i, '');
    const needed = npyNames(snapshot.steps);
    const files = get().editFiles.filter((f) => needed.has(f.name));
    saveFile(`${stem}.recipe.json`, new Blob([formatRecipe(snapshot.steps)], { type: 'application/json' }));
    for (const file of files) saveFile(file.name, file.blob);
    set({
      notice:
        files.length > 0
          ? `Saved the recipe of ${snapshot.steps.length} steps with ${files.length} .npy file${files.length === 1 ? '' : 's'}: keep them in one folder (bnfold edit MODEL --recipe ${stem}.recipe.json -o OUT).`
          : `Saved the recipe of ${snapshot.steps.length} steps (bnfold edit MODEL --recipe ${stem}.recipe.json -o OUT).`,
    });
  },

  async applyRecipe(picked) {
    const before = get().snapshot;
    if (!before || get().busy) return;
    const recipeFile = picked.find((f) => /\.json$/i.test(f.name)) ?? picked[0];
    if (!recipeFile) return;
    let steps: EditOp[];
    let files: FileBlob[];
    try {
      steps = parseRecipe(await recipeFile.text()).steps;
      ({ steps, files } = withPickedFiles(steps, picked, get().editFiles, npyNames(before.history.map((h) => h.op))));
    } catch (error) {
      set({ error: { code: 'RECIPE_INVALID', message: `${recipeFile.name}: ${(error as Error).message}` } });
      return;
    }
    set({ busy: `Applying ${recipeFile.name}…`, error: undefined, notice: undefined });
    try {
      const bytes = await filesAsBytes(files.filter((f) => npyNames(steps).has(f.name)));
      const response = await callWorker(set, 'applyRecipe', { steps, files: bytes });
      if (response) set({ snapshot: response.snapshot, editFiles: files });
    } finally {
      set({ busy: undefined });
    }
  },
});

/**
 * The recipe's steps with each .npy path replaced by the name of the file picked for it (matched
 * by its last path part: a browser gives picked files without their folders), made unique among
 * the files the history already reads; and the files to keep afterwards.
 * @throws Error naming the step when a file it reads was not picked
 */
function withPickedFiles(
  steps: readonly EditOp[],
  picked: readonly File[],
  kept: readonly FileBlob[],
  inUse: ReadonlySet<string>,
): { steps: EditOp[]; files: FileBlob[] } {
  const taken = new Set(inUse);
  const files = kept.filter((f) => inUse.has(f.name));
  const named = new Map<string, string>();
  const rewritten = steps.map((op, i) => {
    if (op.op !== 'set-initializer') return op;
    let name = named.get(op.npy);
    if (name === undefined) {
      const file = picked.find((f) => f.name === baseName(op.npy));
      if (!file) {
        throw new Error(`${stepLabel(i, op)}: the file "${op.npy}" was not picked with the recipe; pick it too.`);
      }
      name = freeName(baseName(op.npy), taken);
      taken.add(name);
      named.set(op.npy, name);
      files.push({ name, blob: file });
    }
    return { ...op, npy: name };
  });
  return { steps: rewritten, files };
}
