import type { EditOp } from '../../edit/types.ts';
import { type ModelSnapshot, useAppStore } from '../../store/index.ts';

/**
 * Applies edits one after another, each worked out from the model the one before left (node
 * indices shift as nodes go; a node may already be gone with another's downstream). A step that
 * returns undefined is skipped. Stops at the first refusal: the store shows its sentence and the
 * model stays as the last accepted edit left it. Each edit is its own step in the history.
 */
export async function applyInTurn(steps: readonly ((snapshot: ModelSnapshot) => EditOp | undefined)[]): Promise<void> {
  for (const step of steps) {
    const before = useAppStore.getState().snapshot;
    if (!before) return;
    const op = step(before);
    if (!op) continue;
    await useAppStore.getState().applyEdit(op);
    // A refused (or failed) edit leaves the snapshot as it was.
    if (useAppStore.getState().snapshot === before) return;
  }
}
