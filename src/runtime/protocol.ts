/** Messages to and from the runtime worker, which runs onnxruntime-web off the main thread. */
import type { InputTensor } from '../compare/inputs.ts';
import type { CompareProgress } from '../compare/progress.ts';
import type { TensorData } from '../compare/tensors.ts';

export type Provider = 'wasm' | 'webgpu';
export type OptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

/**
 * A model and the side files it points at, each by the `location` written in the model: weights
 * kept outside the model are how onnxruntime-web takes models past its 2 GB buffer limit. Blobs:
 * the page never copies the bytes; the runtime worker and onnxruntime read them.
 */
export interface ModelFiles {
  model: Blob;
  externalData: { path: string; data: Blob }[];
}

export interface CompareRequest {
  kind: 'compare';
  original: ModelFiles;
  fused: ModelFiles;
  inputs: InputTensor[];
  provider: Provider;
  /** WASM threads; more than 1 needs a cross-origin isolated page. */
  threads: number;
  optimization: { original: OptimizationLevel; fused: OptimizationLevel };
  warmup: number;
  runs: number;
}

export type RuntimeRequest = CompareRequest | { kind: 'probe' };

export type OutputData = TensorData;

/** One model's output from its last run. */
export interface RunOutput {
  name: string;
  type: string;
  dims: number[];
  data: OutputData;
}

export interface RunResult {
  /** The provider the sessions were created with: requested alone, so never a silent fallback. */
  provider: Provider;
  threads: number;
  crossOriginIsolated: boolean;
  optimization: { original: OptimizationLevel; fused: OptimizationLevel };
  warmup: number;
  /**
   * Each model's outputs in its own order and names (the two may be any two models: pairing them
   * is the comparison core's job); empty for a model that failed.
   */
  outputs: { original: RunOutput[]; fused: RunOutput[] };
  /**
   * Whether the runs alternated between the models (so drift affects both alike); models too large
   * to hold both at once run one after the other.
   */
  interleaved: boolean;
  /** Milliseconds per timed run. */
  latency: { original: number[]; fused: number[] };
  /**
   * One model could not be loaded ('load'), or could not run on the inputs ('run'): why, in
   * onnxruntime's words. After a failed load the other model ran alone; the failed side of the
   * outputs and of the latency is empty.
   */
  failed?: { model: 'original' | 'fused'; stage: 'load' | 'run'; message: string };
}

export interface ProbeResult {
  webgpu: boolean;
  /** Adapter description when WebGPU has one (e.g. "SwiftShader"). */
  adapter: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export type RuntimeResponse =
  | { kind: 'progress'; progress: CompareProgress }
  | { kind: 'result'; result: RunResult }
  | { kind: 'probe'; probe: ProbeResult }
  | { kind: 'error'; message: string };
