/** Messages to and from the runtime worker, which runs onnxruntime-web off the main thread. */
import type { InputTensor } from '../compare/inputs.ts';
import type { CompareProgress } from '../compare/progress.ts';

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

export type OutputData =
  | Float32Array
  | Float64Array
  | Uint16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Int8Array;

export interface OutputPair {
  name: string;
  type: string;
  dims: number[];
  original: OutputData;
  fused: OutputData;
}

export interface RunResult {
  /** The provider the sessions were created with: requested alone, so never a silent fallback. */
  provider: Provider;
  threads: number;
  crossOriginIsolated: boolean;
  optimization: { original: OptimizationLevel; fused: OptimizationLevel };
  warmup: number;
  outputs: OutputPair[];
  /**
   * Whether the runs alternated between the models (so drift affects both alike); models too large
   * to hold both at once run one after the other.
   */
  interleaved: boolean;
  /** Milliseconds per timed run. */
  latency: { original: number[]; fused: number[] };
  /**
   * One model could not be loaded: why. The other model ran alone; the failed side of each output
   * and of the latency is empty.
   */
  failed?: { model: 'original' | 'fused'; message: string };
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
