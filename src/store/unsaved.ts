import type { ModelSnapshot } from '../worker/protocol.ts';

/** Identifies a point in the history: the edits (fusions, optimizer runs) that lead to it from the opened model. */
export function historyKey(snapshot: ModelSnapshot): string {
  return JSON.stringify(snapshot.steps);
}

/**
 * Whether the current model holds changes that exist nowhere but in this tab: something changed
 * since the file was opened, and that state was not downloaded or saved to a folder. Back at the
 * opened model (undo all) nothing is lost, since the user still has the file they opened.
 * @param savedKey the historyKey of the last state saved, if any
 */
export function hasUnsavedChanges(snapshot: ModelSnapshot | undefined, savedKey: string | undefined): boolean {
  if (!snapshot || snapshot.steps.length === 0) return false;
  return historyKey(snapshot) !== savedKey;
}

/**
 * How much would be lost, in words: "3 fusions in 2 steps", "7 fusions and 1 optimization in 2
 * steps", "1 fusion, 1 optimization and 2 edits in 4 steps". Fusions are counted by the pairs the
 * user fused; an optimizer run counts once, whatever it changed; any other edit (rename, delete,
 * extract…) once.
 */
export function describeChanges(snapshot: ModelSnapshot): string {
  let fusions = 0;
  let optimizations = 0;
  let edits = 0;
  for (const step of snapshot.steps) {
    if (step.op === 'fuse') fusions += step.ids.length;
    else if (step.op === 'optimize') optimizations++;
    else edits++;
  }
  const parts = [
    fusions > 0 || optimizations + edits === 0 ? plural(fusions, 'fusion') : '',
    optimizations > 0 ? plural(optimizations, 'optimization') : '',
    edits > 0 ? plural(edits, 'edit') : '',
  ].filter(Boolean);
  const listed = parts.length > 2 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts.join(' and ');
  return `${listed} in ${plural(snapshot.steps.length, 'step')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The question asked before opening another model would discard unsaved changes. */
export function discardQuestion(snapshot: ModelSnapshot, next: string): string {
  return (
    `${snapshot.name} has changes that were not downloaded or saved (${describeChanges(snapshot)}). ` +
    `Opening ${next} discards them and their history. Open ${next} anyway?`
  );
}

/** The notice after downloading a model that has not changed since it was opened. */
export function unchangedNotice(name: string): string {
  return `Nothing has changed since ${name} was opened: downloaded it as it is, under its own name.`;
}
