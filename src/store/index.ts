import { create } from 'zustand';
import { createModelSlice, type ModelSlice } from './model-slice.ts';

export type { ModelSummary } from '../onnx/index.ts';
export type { AppError, LoadedModel } from './model-slice.ts';

export type AppState = ModelSlice;

/** The app's one store; components subscribe to single fields (`useAppStore((s) => s.model)`). */
export const useAppStore = create<AppState>()((...a) => ({
  ...createModelSlice(...a),
}));
