import { expect, test } from '@playwright/test';
import { valueInfo } from '../src/fixtures/builder.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { buildIdentityChain } from '../src/fixtures/optimize-models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { openApp, pickFiles } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/**
 * Conv → BN (one fusible pair) beside two Identities copying the graph input to graph outputs:
 * the optimizer folds the pair and must leave both Identities, blocked (the outputs keep their names), and
 * not merge the two as duplicates either.
 */
function model(): Uint8Array {
  const m = buildConvBn();
  const graph = m.graph ?? {};
  const input = graph.input?.[0]?.name ?? '';
  for (const name of ['copy_a', 'copy_b']) {
    graph.node?.push({ name: `id_${name}`, opType: 'Identity', input: [input], output: [name] });
    graph.output?.push(valueInfo(name, 'float32'));
  }
  return encodeModel(m);
}

test('after Optimize all, what the optimizer left is listed in groups of its own, with counts, and filterable', async ({
  page,
}) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'left.onnx', bytes: model() }]);
  const status = page.getByRole('status');
  await expect(status).toHaveText('1 fusible · 0 blocked · 0 fused');
  const panel = page.getByRole('region', { name: 'Fusion candidates' });
  await expect(panel.getByRole('button', { name: /^Optimizer/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Optimize all' }).click();
  // The Conv/BN counts stay the Conv/BN family's: the Identities are not counted there.
  await expect(status).toHaveText('0 fusible · 0 blocked · 1 fused');
  const group = panel.getByRole('button', { name: /^Optimizer no-ops: blocked \(GRAPH_OUTPUT\)/ });
  await expect(group).toHaveText(/2$/);
  await expect(panel.getByRole('button', { name: /^Optimizer duplicates: blocked \(GRAPH_OUTPUT\)/ })).toHaveText(/1$/);
  await expect(panel.getByRole('heading')).toHaveText('Candidates (0 · 1 fused · 3 left by the optimizer)');
  const rows = panel.locator('.opt-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('GRAPH_OUTPUT');
  await expect(rows.first().getByRole('button')).toHaveAttribute('title', /GRAPH_OUTPUT: .*graph output/);

  // The filter reaches them, and the Conv/BN rows, alike.
  const filter = panel.getByRole('searchbox', { name: 'Filter candidates' });
  await filter.fill('copy_b');
  await expect(rows).toHaveCount(2);
  await expect(group).toHaveText(/1$/);
  await filter.fill('BatchNormalization');
  await expect(rows).toHaveCount(0);
  await expect(panel.locator('.cand-row:not(.opt-row)')).toHaveCount(1);
  await filter.fill('');

  // A group closes like the others; grouped by scope, the optimizer's groups stay as they are.
  await group.click();
  await expect(rows).toHaveCount(1);
  await group.click();
  await panel.getByRole('button', { name: 'Scope' }).click();
  await expect(rows).toHaveCount(3);

  // Undo goes back to before the optimize step: nothing left by the optimizer to list.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(status).toHaveText('1 fusible · 0 blocked · 0 fused');
  await expect(rows).toHaveCount(0);
});

test('the optimizer candidates can be found before optimizing and applied one at a time, each an undoable step', async ({
  page,
}) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'chain.onnx', bytes: encodeModel(buildIdentityChain()) }]);
  const panel = page.getByRole('region', { name: 'Fusion candidates' });
  const nodes = page
    .getByRole('region', { name: 'Model summary' })
    .locator('dt', { hasText: /^Nodes$/ })
    .locator('+ dd');
  await expect(nodes).toHaveText('3');
  const rows = panel.locator('.opt-row');
  await expect(rows).toHaveCount(0);

  await panel.getByRole('button', { name: 'Find optimizer candidates' }).click();
  // Found, nothing applied: still three nodes, and no step to undo.
  await expect(panel.getByRole('button', { name: /^Optimizer no-ops: applicable/ })).toBeVisible();
  await expect(nodes).toHaveText('3');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  const row = rows.filter({ hasText: 'id_in' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('APPLICABLE');

  await row.getByRole('button', { name: /^Apply / }).click();
  // Only that Identity went; the list follows the new model.
  await expect(nodes).toHaveText('2');
  await expect(rows.filter({ hasText: 'id_in' })).toHaveCount(0);
  await expect(page.locator('.react-flow__node', { hasText: 'relu' })).toHaveCount(1);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(nodes).toHaveText('3');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(nodes).toHaveText('2');
});
