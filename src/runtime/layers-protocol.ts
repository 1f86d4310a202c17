/** Messages to and from the layers worker, which compares two models value by value (compare/layers.ts). */
import type { InputTensor } from '../compare/inputs.ts';
import type { ChunkLimits, LayerReport } from '../compare/layers.ts';
import type { CompareProgress } from '../compare/progress.ts';
import type { CheckSpec } from '../compare/stats.ts';
import type { ModelFiles, Provider } from './protocol.ts';

export interface LayersRequest {
  kind: 'layers';
  original: ModelFiles;
  fused: ModelFiles;
  inputs: InputTensor[];
  provider: Provider;
  threads: number;
  spec: CheckSpec;
  limits?: ChunkLimits;
}

export type LayersResponse =
  | { kind: 'progress'; progress: CompareProgress }
  | { kind: 'result'; report: LayerReport }
  | { kind: 'error'; message: string };
