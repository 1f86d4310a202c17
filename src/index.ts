/**
 * The library: read, check and write ONNX models, and fold BatchNormalization (and per-channel
 * Mul/Add) into convolutions, exactly, in plain JavaScript with no native code. The same core the
 * page and the CLI use.
 *
 * @example
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { applyAll, decodeModel, encodeModel } from 'bnfold';
 * const { model, applied } = applyAll(decodeModel(readFileSync('net.onnx')));
 * writeFileSync('net.fused.onnx', encodeModel(model));
 */
export * from './fusion/index.ts';
export * from './onnx/index.ts';
