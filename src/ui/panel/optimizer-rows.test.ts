import { describe, expect, it } from 'vitest';
import type { LeftCandidate } from '../../optimize/types.ts';
import { groupByKind } from './candidate-groups.ts';
import { rowsOf } from './candidate-rows.ts';
import { linesOf } from './list-window.ts';
import { groupOptimizerRows, NOT_SELECTED, optimizerRowsOf } from './optimizer-rows.ts';

const left = (id: string, pass: string, reason: string, node = id): LeftCandidate => ({
  id,
  pass,
  node,
  op: 'Identity',
  action: 'Identity removed',
  reason,
  message: reason === NOT_SELECTED ? 'Not applied in this run.' : `"${node}" is a graph output`,
});

describe('the optimizer rows of the candidate list', () => {
  const rows = optimizerRowsOf([
    left('no-ops:a', 'no-ops', 'GRAPH_OUTPUT'),
    left('gemm:b', 'matmul-add-to-gemm', NOT_SELECTED),
    left('no-ops:c', 'no-ops', 'GRAPH_OUTPUT'),
    left('chains:d', 'chains', 'SHAPE_UNKNOWN'),
  ]);

  it('are grouped by pass and reason with counts, blocked groups first', () => {
    const groups = groupOptimizerRows(rows);
    expect(groups.map((g) => [g.label, g.rows.length])).toEqual([
      ['Optimizer chains: blocked (SHAPE_UNKNOWN)', 1],
      ['Optimizer no-ops: blocked (GRAPH_OUTPUT)', 2],
      ['Optimizer matmul-add-to-gemm: not applied', 1],
    ]);
    expect(groups[1]?.rows.map((r) => r.id)).toEqual(['no-ops:a', 'no-ops:c']);
  });

  it('follow the Conv/BN groups in the list, and never join their counts', () => {
    const pairs = groupByKind(
      rowsOf(
        [
          {
            id: 'conv-bn:c1',
            kind: 'conv-bn',
            status: 'fusible',
            graphPath: 'main',
            output: 'y1',
            keptNode: 'c1',
            keptOp: 'Conv',
            foldedNode: 'bn1',
            foldedOp: 'BatchNormalization',
          },
        ],
        [],
      ),
    );
    const lines = linesOf(pairs, () => true, groupOptimizerRows(rows));
    expect(lines.map((l) => l.type)).toEqual([
      'group',
      'row',
      'optimizer-group',
      'optimizer-row',
      'optimizer-group',
      'optimizer-row',
      'optimizer-row',
      'optimizer-group',
      'optimizer-row',
    ]);
    expect(pairs[0]?.counts).toEqual({ fusible: 1, blocked: 0, fused: 0 });
    // A closed optimizer group shows its header only.
    expect(linesOf([], (g) => !g.key.includes('no-ops'), groupOptimizerRows(rows))).toHaveLength(5);
  });

  it('are found by the filter through pass, node, op and reason', () => {
    const match = (word: string) => rows.filter((r) => r.haystack.includes(word)).map((r) => r.id);
    expect(match('graph_output')).toEqual(['no-ops:a', 'no-ops:c']);
    expect(match('matmul-add')).toEqual(['gemm:b']);
    expect(match('identity')).toHaveLength(4);
    expect(match('blocked')).toEqual(['no-ops:a', 'no-ops:c', 'chains:d']);
  });
});
