import { expect, test } from '@playwright/test';
import { decodeModel } from '../src/onnx/index.ts';
import { readRealModel } from '../test/helpers/real-models.ts';
import { openApp, pickFiles } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const CLS = 'ch_ppocr_mobile_v2.0_cls_infer.onnx';
/** The first BN's output, read by the hard-swish's Add: paddle2onnx states no shape for it. */
const VALUE = 'batch_norm_0.tmp_3';
const EDGE = `p2o.BatchNormalization.0->p2o.Add.0:${VALUE}`;

test('the PaddleOCR cls model shows an inferred shape on an edge its file gives no shape for', async ({ page }) => {
  const bytes = readRealModel(CLS);
  const graph = decodeModel(bytes).graph ?? {};
  const declared = [...(graph.valueInfo ?? []), ...(graph.input ?? []), ...(graph.output ?? [])].map((v) => v.name);
  expect(declared).not.toContain(VALUE);

  await openApp(page);
  await pickFiles(page, [{ name: CLS, bytes }]);
  await expect(page.getByRole('heading', { name: CLS })).toBeVisible();
  // Bring the Add into view: only what is on screen is drawn.
  const search = page.getByLabel('Search nodes');
  await search.fill('p2o.Add.0');
  await search.press('Enter');
  await search.blur();

  const edge = page.locator(`.react-flow__edge[data-id="${EDGE}"]`);
  // Batch by the input's dim_param, 8 channels, height and width as inferred symbols.
  await expect(edge.locator('.react-flow__edge-text')).toHaveText(/^p2o\.DynamicDimension\.0×8×unk_\d+×unk_\d+$/);
});
