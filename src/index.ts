/**
 * The library: read, check and write ONNX models, fold BatchNormalization (and per-channel
 * Mul/Add) into convolutions exactly, optimize, edit (ops and recipes), and judge two models'
 * outputs, in plain JavaScript with no native code. The same core the page and the CLI use.
 *
 * @example
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { applyAll, decodeModel, encodeModel } from 'bnfold';
 * const { model, applied } = applyAll(decodeModel(readFileSync('net.onnx')));
 * writeFileSync('net.fused.onnx', encodeModel(model));
 */
export * from './compare/index.ts';
export * from './edit/index.ts';
export * from './fusion/index.ts';
export * from './onnx/index.ts';
export * from './optimize/index.ts';
