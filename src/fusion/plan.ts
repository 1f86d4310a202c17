import type { NodeProto } from '../onnx/types.ts';
import type { ResolvedConstant } from './constants.ts';
import type { GraphScope } from './scope.ts';
import type { FusionCandidate } from './types.ts';

/** BatchNormalization's four parameters, resolved, and its epsilon. */
export interface BnParameters {
  scale: ResolvedConstant;
  bias: ResolvedConstant;
  mean: ResolvedConstant;
  variance: ResolvedConstant;
  /** From the attribute; 1e-5 when absent (the operator's default). */
  epsilon: number;
}

/** A conv-like node's constant weight and optional bias. */
export interface ConvWeights {
  node: NodeProto;
  transpose: boolean;
  group: number;
  weight: ResolvedConstant;
  bias: ResolvedConstant | undefined;
  /** Output channels: dims[0] for Conv, dims[1] × group for ConvTranspose. */
  outChannels: number;
}

/** A fusible candidate with everything needed to apply it. Internal: never crosses threads. */
export type FusionPlan = { candidate: FusionCandidate; scope: GraphScope; follower: NodeProto } & (
  | { kind: 'conv-bn'; conv: ConvWeights; bn: BnParameters }
  | { kind: 'conv-mul' | 'conv-add'; conv: ConvWeights; operand: ResolvedConstant }
  | { kind: 'bn-conv'; conv: ConvWeights; bn: BnParameters }
  | {
      kind: 'gemm-bn' | 'matmul-bn';
      node: NodeProto;
      weight: ResolvedConstant;
      /** Gemm's C, when it has one. */
      addend: ResolvedConstant | undefined;
      alpha: number;
      beta: number;
      transB: boolean;
      features: number;
      bn: BnParameters;
    }
);

export type PlanOrBlocked = { plan: FusionPlan } | { candidate: FusionCandidate };
