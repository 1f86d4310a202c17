import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildResNet50Like } from '../src/fixtures/resnet50.ts';
import { findFusions } from '../src/fusion/index.ts';
import { encodeModel, listTensors, tensorElementCount } from '../src/onnx/index.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the resnet50-sized benchmark model', () => {
  it('has resnet50’s size and its 53 Conv→BN pairs, all fusible, and is the same every time', () => {
    const model = buildResNet50Like();
    const parameters = listTensors(model).reduce((n, { tensor }) => n + tensorElementCount(tensor), 0);
    // torchvision's resnet50 has 25.56 M parameters; its export also stores BN running statistics.
    expect(parameters).toBeGreaterThan(25.5e6);
    expect(parameters).toBeLessThan(25.7e6);
    const candidates = findFusions(model);
    expect(candidates).toHaveLength(53);
    expect(candidates.every((c) => c.kind === 'conv-bn' && c.status === 'fusible')).toBe(true);
    expect(sha256(encodeModel(buildResNet50Like()))).toBe(sha256(encodeModel(model)));
  });
});
