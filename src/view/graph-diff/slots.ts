/**
 * Input names from the ONNX operator schemas, for the ops whose weights edits change most: a
 * difference reads "W changed" rather than "input 1 changed". Other ops' inputs are numbered.
 */
const SLOT_NAMES: Record<string, readonly string[]> = {
  Conv: ['X', 'W', 'B'],
  ConvTranspose: ['X', 'W', 'B'],
  Gemm: ['A', 'B', 'C'],
  MatMul: ['A', 'B'],
  BatchNormalization: ['X', 'scale', 'B', 'input_mean', 'input_var'],
  InstanceNormalization: ['input', 'scale', 'B'],
  LayerNormalization: ['X', 'Scale', 'B'],
  Add: ['A', 'B'],
  Sub: ['A', 'B'],
  Mul: ['A', 'B'],
  Div: ['A', 'B'],
  Pow: ['X', 'Y'],
  PRelu: ['X', 'slope'],
  Pad: ['data', 'pads', 'constant_value', 'axes'],
  Reshape: ['data', 'shape'],
  Resize: ['X', 'roi', 'scales', 'sizes'],
  Clip: ['input', 'min', 'max'],
  QuantizeLinear: ['x', 'y_scale', 'y_zero_point'],
  DequantizeLinear: ['x', 'x_scale', 'x_zero_point'],
};

/** The name of input `slot` of `op` (the default-domain op type), or "input N". */
export function slotName(op: string, slot: number): string {
  return SLOT_NAMES[op]?.[slot] ?? `input ${slot}`;
}
