import { describe, expect, it } from 'vitest';
import { cutFromLeft } from '../format.ts';
import { countsText, groupByKind, groupByScope, scopeDepth, TOP_LEVEL } from './candidate-groups.ts';
import { type FusedPair, filterWords, type ListedCandidate, matchesFilter, rowsOf } from './candidate-rows.ts';
import { nodeText, rowTag, rowText, rowTitle } from './candidate-text.ts';
import { emptyText } from './empty-text.ts';
import { linesOf, visibleRange } from './list-window.ts';
import { fitText } from './text-fit.ts';

function candidate(scope: string, extra: Partial<ListedCandidate> = {}): ListedCandidate {
  return {
    id: `conv-bn:main:${scope}/bn`,
    kind: 'conv-bn',
    graphPath: 'main',
    keptNode: `${scope}/conv/Conv`,
    keptOp: 'Conv',
    foldedNode: `${scope}/bn/BatchNormalization`,
    foldedOp: 'BatchNormalization',
    output: `${scope}/bn_out`,
    status: 'fusible',
    ...extra,
  };
}

const shared = (scope: string) =>
  candidate(scope, {
    status: 'blocked',
    blocked: { reason: 'OUTPUT_SHARED', message: `The conv output ${scope}/y is also read by /head/Add.` },
  });

function fused(scope: string, step: number): FusedPair {
  const { id, kind, graphPath, keptNode, keptOp, foldedNode, foldedOp } = candidate(scope);
  return { id, kind, graphPath, keptNode, keptOp, foldedNode, foldedOp, step };
}

describe('cutFromLeft', () => {
  it('keeps a text that fits, and cuts a long one from the left at a segment boundary', () => {
    expect(cutFromLeft('/stem/conv/Conv', 40)).toBe('/stem/conv/Conv');
    expect(cutFromLeft('/stage3/block310/conv/Conv', 20)).toBe('…/block310/conv/Conv');
    // No separator near the cut: the cut stays where it is rather than dropping half the room.
    expect(cutFromLeft('/a/verylongmodulename_without_separators', 12)).toBe('…_separators');
    expect(cutFromLeft('/a/b', 1)).toBe('…');
    // In a path, dots are part of a segment ("layer1.0"), not a place to cut.
    expect(cutFromLeft('/layer1/layer1.0/a/conv/Conv', 20)).toBe('…/a/conv/Conv');
    expect(cutFromLeft('p2o.BatchNormalization.12', 12)).toBe('…lization.12');
    expect(cutFromLeft('p2o.BatchNormalization.12', 5)).toBe('….12');
  });

  it('never exceeds its budget and always keeps the end of the path', () => {
    const path = '/model/encoder/layers.11/attention/self/query/MatMul';
    for (let max = 1; max <= path.length + 2; max++) {
      const short = cutFromLeft(path, max);
      expect(short.length).toBeLessThanOrEqual(Math.max(1, max));
      expect(path.endsWith(short.replace(/^…/, ''))).toBe(true);
    }
  });
});

describe('row text', () => {
  it('names the op unless the node name already ends with it', () => {
    expect(nodeText('Conv', '/layer1/conv1/Conv')).toBe('/layer1/conv1/Conv');
    expect(nodeText('Conv', 'p2o.Conv.12')).toBe('p2o.Conv.12');
    expect(nodeText('BatchNormalization', 'bn3')).toBe('BatchNormalization bn3');
    expect(nodeText('Conv', '')).toBe('Conv');
  });

  it('shows a fused pair by the node that took the fold in, with what was folded and when in its tag', () => {
    const [pair] = rowsOf([], [{ ...fused('/x', 2), keptNode: 'conv3', foldedNode: 'bn3' }]);
    expect(pair && rowText(pair, 80)).toBe('Conv conv3');
    expect(pair && rowTag(pair)).toBe('← BN · step 2');
    expect(pair && rowTitle(pair)).toContain('BatchNormalization bn3 → Conv conv3 (fused at step 2)');
    const [deep] = rowsOf([], [fused('/features/features.5/conv/conv.0', 1)]);
    expect(deep ? rowText(deep, 200) : '').toBe('/features/features.5/conv/conv.0/conv/Conv');
    // Shortened, the block number and the end, which differ from row to row, stay.
    expect(deep ? rowText(deep, 36) : '').toBe('/features.5/conv.0/conv/Conv');
  });

  it('fits to a pixel width by the longest shortening that fits', () => {
    const measure = (s: string) => s.length * 6;
    const path = '/stage3/block310/conv/Conv';
    expect(fitText((n) => cutFromLeft(path, n), path.length, 1000, measure)).toBe(path);
    const fitted = fitText((n) => cutFromLeft(path, n), path.length, 120, measure);
    expect(fitted).toBe('…/block310/conv/Conv');
    expect(measure(fitted)).toBeLessThanOrEqual(120);
    expect(fitText((n) => cutFromLeft(path, n), path.length, 2, measure)).toBe('…');
  });
});

describe('filter', () => {
  const rows = rowsOf([candidate('/stage0/block1'), shared('/stage1/block7')], [fused('/stage0/block0', 1)]);
  const match = (text: string) => rows.filter((r) => matchesFilter(r, filterWords(text))).map((r) => r.key);

  it('matches node names, op types, reasons and status, case-insensitively, every word', () => {
    expect(match('block7')).toEqual(['conv-bn:main:/stage1/block7/bn']);
    expect(match('output_shared')).toEqual(['conv-bn:main:/stage1/block7/bn']);
    expect(match('read by /head')).toEqual(['conv-bn:main:/stage1/block7/bn']);
    expect(match('FUSED stage0')).toEqual(['fused:1:conv-bn:main:/stage0/block0/bn']);
    expect(match('batchnorm')).toHaveLength(3);
    expect(match('stage0 block1 conv')).toEqual(['conv-bn:main:/stage0/block1/bn']);
    expect(match('gemm')).toEqual([]);
    expect(match('   ')).toHaveLength(3);
  });
});

describe('grouping', () => {
  const rows = rowsOf(
    [
      candidate('/stage10/block1000'),
      shared('/stage2/block200'),
      candidate('/stage2/block201'),
      candidate('', { keptNode: 'conv_top', id: 'conv-bn:main:top' }),
      candidate('/stage2/block202', {
        status: 'blocked',
        blocked: { reason: 'NOT_CONSTANT', message: 'The scale is computed.' },
      }),
    ],
    [fused('/stage2/block203', 1), fused('/stage10/block1001', 2)],
  );

  it('by kind: each block reason, then fusible, then fused, with counts', () => {
    const groups = groupByKind(rows);
    expect(groups.map((g) => [g.label, g.rows.length])).toEqual([
      ['Blocked: NOT_CONSTANT', 1],
      ['Blocked: OUTPUT_SHARED', 1],
      ['Fusible', 3],
      ['Fused', 2],
    ]);
    expect(groups.at(-1)?.rows.map((r) => r.step)).toEqual([1, 2]);
  });

  it('by scope: one level below what every row shares, in natural order, with counts per status', () => {
    expect(scopeDepth(rows)).toBe(1);
    const groups = groupByScope(rows, scopeDepth(rows));
    expect(groups.map((g) => g.label)).toEqual([TOP_LEVEL, 'stage2', 'stage10']);
    const stage2 = groups[1];
    expect(stage2 && countsText(stage2.counts)).toBe('1 fusible · 2 blocked · 1 fused');
    expect(stage2?.rows.map((r) => r.keptNode)).toEqual([
      '/stage2/block200/conv/Conv',
      '/stage2/block201/conv/Conv',
      '/stage2/block202/conv/Conv',
      '/stage2/block203/conv/Conv',
    ]);
    expect(groups[2]?.rows.map((r) => r.status)).toEqual(['fusible', 'fused']);
    // Under a scope every row shares, the groups are what is inside it.
    const nested = rowsOf([candidate('/model/backbone/a'), candidate('/model/backbone/b')], []);
    expect(scopeDepth(nested)).toBe(3);
    expect(groupByScope(nested, 3).map((g) => g.label)).toEqual(['model/backbone/a', 'model/backbone/b']);
  });
});

describe('windowing', () => {
  it('puts a bounded number of lines in the DOM whatever the list length', () => {
    const many = rowsOf(
      Array.from({ length: 2500 }, (_, i) => candidate(`/stage${Math.floor(i / 100)}/block${i}`)),
      [],
    );
    const lines = linesOf(groupByKind(many), () => true);
    expect(lines).toHaveLength(2501);
    const top = visibleRange(0, 14 * 24, 24, lines.length, 8);
    expect(top).toEqual({ start: 0, end: 22 });
    const middle = visibleRange(1000 * 24 + 5, 14 * 24, 24, lines.length, 8);
    expect(middle).toEqual({ start: 992, end: 1022 });
    expect(visibleRange(1e9, 336, 24, lines.length, 8).end).toBe(2501);
    expect(linesOf(groupByScope(many, 1), () => false)).toHaveLength(25);
  });
});

describe('empty list', () => {
  it('says the model has no pair, or that all were fused', () => {
    expect(emptyText(0, 0)).toBe('No Conv→BatchNormalization pairs in this model.');
    expect(emptyText(0, 7)).toBe('All 7 pairs are fused.');
    expect(emptyText(0, 1)).toBe('Its only pair is fused.');
    expect(emptyText(3, 2)).toBeUndefined();
  });
});
