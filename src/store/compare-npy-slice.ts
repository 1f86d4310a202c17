import type { StateCreator } from 'zustand';
import { saveFile } from './save-file.ts';
import { npyFileName, tensorNpy } from './tensor-npy.ts';
import type { AppState } from './types.ts';

/** A tensor of the last comparison: an input as fed, or one model's output. */
export type CompareTensor =
  | { kind: 'input'; name: string }
  | { kind: 'output'; name: string; side: 'reference' | 'actual' };

export interface CompareNpySlice {
  /** Downloads a tensor of the last comparison as `.npy` (NumPy's np.load reads it). */
  saveCompareNpy: (tensor: CompareTensor) => void;
}

export const createCompareNpySlice: StateCreator<AppState, [], [], CompareNpySlice> = (set, get) => ({
  saveCompareNpy(tensor) {
    try {
      if (tensor.kind === 'input') {
        const input = get().layerSource?.inputs.find((i) => i.name === tensor.name);
        if (!input) return;
        saveFile(npyFileName(input.name, 'input'), new Blob([tensorNpy(input.type, input.dims, input.data)]));
        return;
      }
      const pair = get().compareRaw?.find((p) => p.name === tensor.name);
      const labels = get().compareReport?.labels;
      if (!pair || !labels) return;
      const values = tensor.side === 'reference' ? pair.reference : pair.actual;
      const dims = tensor.side === 'actual' && pair.actualDims ? pair.actualDims : pair.dims;
      const name = tensor.side === 'reference' ? pair.name : pair.actualName;
      saveFile(npyFileName(name, labels[tensor.side]), new Blob([tensorNpy(pair.type, dims, values)]));
    } catch (error) {
      set({ compareError: error instanceof Error ? error.message : String(error) });
    }
  },
});
