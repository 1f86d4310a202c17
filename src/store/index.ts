import { create } from 'zustand';
import { createCompareNpySlice } from './compare-npy-slice.ts';
import { createCompareSlice } from './compare-slice.ts';
import { createDiffSlice } from './diff-slice.ts';
import { createEditSlice } from './edit-slice.ts';
import { createLayersSlice } from './layers-slice.ts';
import { createModelSlice } from './model-slice.ts';
import { createOptimizerSlice } from './optimizer-slice.ts';
import { createRecipeSlice } from './recipe-slice.ts';
import { restoreAfterCrash } from './run.ts';
import { createSelectionSlice } from './selection-slice.ts';
import type { AppState } from './types.ts';
import { modelWorker } from './worker.ts';

export { currentOptimizerPreview } from './optimizer-slice.ts';
export type * from './types.ts';

/** The app's one store; components subscribe to single fields (`useAppStore((s) => s.snapshot)`). */
export const useAppStore = create<AppState>()((...a) => ({
  ...createModelSlice(...a),
  ...createEditSlice(...a),
  ...createSelectionSlice(...a),
  ...createCompareSlice(...a),
  ...createDiffSlice(...a),
  ...createLayersSlice(...a),
  ...createCompareNpySlice(...a),
  ...createOptimizerSlice(...a),
  ...createRecipeSlice(...a),
}));

modelWorker.onCrash((why) => void restoreAfterCrash(useAppStore.setState, useAppStore.getState, why));
