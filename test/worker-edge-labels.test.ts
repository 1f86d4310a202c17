import { describe, expect, it } from 'vitest';
import { decodeModel } from '../src/onnx/index.ts';
import { ModelSession } from '../src/worker/session.ts';
import { readRealModel } from './helpers/real-models.ts';

const CLS = 'ch_ppocr_mobile_v2.0_cls_infer.onnx';
/** The first conv's output: paddle2onnx writes no value_info, so the file states no shape for it. */
const CONV_EDGE = 'p2o.Conv.0->p2o.BatchNormalization.0:conv2d_53.tmp_0';

const open = (bytes: Uint8Array) => ModelSession.open({ name: CLS, bytes: bytes.slice().buffer }, []);

describe('edge labels in the worker view', () => {
  it('the PaddleOCR cls model labels every edge, those without value_info by inference', () => {
    const bytes = readRealModel(CLS);
    const graph = decodeModel(bytes).graph ?? {};
    const declared = [...(graph.valueInfo ?? []), ...(graph.input ?? []), ...(graph.output ?? [])];
    expect(declared.map((v) => v.name)).not.toContain('conv2d_53.tmp_0');

    const session = open(bytes);
    const { view, timings } = session.snapshot();
    const edge = view.edges.find((e) => e.id === CONV_EDGE);
    // The batch keeps the input's dim_param; 8 filters; height and width are derived symbols.
    expect(edge?.label).toMatch(/^p2o\.DynamicDimension\.0×8×unk_\d+×unk_\d+$/);
    expect(view.edges.filter((e) => !e.label)).toEqual([]);
    expect(timings.shapes).toBeGreaterThanOrEqual(0);

    // A fused step is a new model: its edges are labelled by its own inference.
    session.fuseAll();
    const fused = session.snapshot().view;
    expect(fused.edges.filter((e) => !e.label)).toEqual([]);
    expect(fused.edges.find((e) => e.source === 'p2o.Conv.0')?.label).toMatch(/^p2o\.DynamicDimension\.0×8×/);
  });
});
