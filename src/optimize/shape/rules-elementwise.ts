import { attrInt } from '../../fusion/attributes.ts';
import { DataType } from '../../onnx/dtype.ts';
import { type NodeView, shaped } from './node-view.ts';
import type { ValueShape } from './types.ts';

export type Rule = (v: NodeView) => (ValueShape | undefined)[];

/** Output 0 has input 0's type and shape. */
const same: Rule = (v) => [shaped(v.elemType(0), v.dims(0))];

const UNARY = [
  'Abs',
  'Acos',
  'Acosh',
  'Asin',
  'Asinh',
  'Atan',
  'Atanh',
  'BatchNormalization',
  'Celu',
  'Ceil',
  'Clip',
  'Cos',
  'Cosh',
  'CumSum',
  'Elu',
  'Erf',
  'Exp',
  'Floor',
  'Gelu',
  'HardSigmoid',
  'HardSwish',
  'Hardmax',
  'Identity',
  'InstanceNormalization',
  'LRN',
  'LeakyRelu',
  'Log',
  'LogSoftmax',
  'LpNormalization',
  'MeanVarianceNormalization',
  'Mish',
  'Neg',
  'Not',
  'Reciprocal',
  'Relu',
  'Round',
  'Selu',
  'Shrink',
  'Sigmoid',
  'Sign',
  'Sin',
  'Sinh',
  'Softmax',
  'Softplus',
  'Softsign',
  'Sqrt',
  'Tan',
  'Tanh',
  'ThresholdedRelu',
  'Trilu',
  'PRelu',
  'ReverseSequence',
];

/** Inputs broadcast numpy-style; the output has input 0's type (or bool). */
function broadcasting(outType?: number, from = 0): Rule {
  return (v) => {
    const inputs = Array.from({ length: v.inputCount - from }, (_, i) => v.dims(from + i));
    return [shaped(outType ?? v.elemType(from), v.symbols.broadcast(inputs))];
  };
}

const ARITHMETIC = [
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Mod',
  'Min',
  'Max',
  'Sum',
  'Mean',
  'BitShift',
  'BitwiseAnd',
  'BitwiseOr',
  'BitwiseXor',
];
const LOGICAL = ['And', 'Or', 'Xor', 'Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual'];

const isBool: Rule = (v) => [shaped(DataType.BOOL, v.dims(0))];

export const ELEMENTWISE_RULES: Readonly<Record<string, Rule>> = {
  ...Object.fromEntries(UNARY.map((op) => [op, same])),
  ...Object.fromEntries(ARITHMETIC.map((op) => [op, broadcasting()])),
  ...Object.fromEntries(LOGICAL.map((op) => [op, broadcasting(DataType.BOOL)])),
  IsNaN: isBool,
  IsInf: isBool,
  Where: (v) => [shaped(v.elemType(1), v.symbols.broadcast([v.dims(0), v.dims(1), v.dims(2)]))],
  Cast: (v) => [shaped(attrInt(v.node, 'to', 0), v.dims(0))],
  CastLike: (v) => [shaped(v.elemType(1), v.dims(0))],
  /** Inference mode: the output is the input; the mask has its shape. */
  Dropout: (v) => [shaped(v.elemType(0), v.dims(0)), shaped(DataType.BOOL, v.dims(0))],
};
