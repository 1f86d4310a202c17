import { type ChangeEvent, memo } from 'react';
import './recipe.css';
import { useAppStore } from '../../store/index.ts';

/**
 * The history as a recipe: "Export recipe" downloads it (with the .npy files its steps read) for
 * `bnfold edit --recipe`; "Apply recipe…" picks a recipe and its .npy files and applies every
 * step, each one step of the history.
 */
export const RecipeButtons = memo(function RecipeButtons() {
  const snapshot = useAppStore((s) => s.snapshot);
  const idle = useAppStore((s) => s.busy === undefined && s.loading === undefined);
  const exportRecipe = useAppStore((s) => s.exportRecipe);
  const applyRecipe = useAppStore((s) => s.applyRecipe);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // Cleared so that picking the same recipe again still fires a change.
    event.target.value = '';
    if (files.length > 0) void applyRecipe(files);
  };
  const enabled = idle && snapshot !== undefined;
  return (
    <>
      <button
        type="button"
        onClick={exportRecipe}
        disabled={!enabled || snapshot.steps.length === 0}
        title="Download the edits so far as a recipe for bnfold edit --recipe (with the .npy files it reads)"
      >
        Export recipe
      </button>
      <label
        className="button recipe-picker"
        title="Apply a recipe: pick its .json file together with the .npy files it names"
      >
        Apply recipe…
        <input
          type="file"
          multiple
          accept=".json,.npy"
          aria-label="Apply recipe…"
          disabled={!enabled}
          onChange={onChange}
          className="visually-hidden"
        />
      </label>
    </>
  );
});
