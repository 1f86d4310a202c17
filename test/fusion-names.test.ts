import { describe, expect, it } from 'vitest';
import { buildConvBnAdd, buildSharedWeight } from '../src/fixtures/fusion-models.ts';
import { applyAll, applyFusions, findFusions } from '../src/fusion/index.ts';
import { UniqueNames } from '../src/fusion/names.ts';
import type { ModelProto } from '../src/onnx/types.ts';

const convInputs = (model: ModelProto) => model.graph?.node?.find((n) => n.opType === 'Conv')?.input ?? [];

/** Every name a value can have in the graph, once per definition (initializers and node outputs). */
function definedNames(model: ModelProto): string[] {
  const graph = model.graph ?? {};
  return [...(graph.initializer ?? []).map((t) => t.name ?? ''), ...(graph.node ?? []).flatMap((n) => n.output ?? [])];
}

const fusedSuffixes = (name: string) => name.match(/_fused/g)?.length ?? 0;

describe('names of folded tensors', () => {
  it('a weight folded twice in one run keeps one "_fused" suffix', () => {
    const { model, record } = applyAll(buildConvBnAdd());
    expect(record.applied.map((a) => a.kind)).toEqual(['conv-bn', 'conv-add']);
    expect(convInputs(model)).toEqual(['x', 'conv.weight_fused', '/conv/Conv.bias_fused']);
    const names = definedNames(model);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(fusedSuffixes(name)).toBeLessThanOrEqual(1);
    // The tensors of the first fold are replaced, not left behind.
    expect((model.graph?.initializer ?? []).map((t) => t.name).sort()).toEqual([
      '/conv/Conv.bias_fused',
      'conv.weight_fused',
    ]);
  });

  it('folding one pair at a time (as the page does) gives the same names', () => {
    const bnFirst = applyFusions(buildConvBnAdd(), [
      findFusions(buildConvBnAdd()).find((c) => c.kind === 'conv-bn')?.id ?? '',
    ]).model;
    expect(convInputs(bnFirst)).toEqual(['x', 'conv.weight_fused', '/conv/Conv.bias_fused']);
    const add = findFusions(bnFirst).find((c) => c.kind === 'conv-add');
    expect(add?.status).toBe('fusible');
    const both = applyFusions(bnFirst, [add?.id ?? '']).model;
    expect(convInputs(both)).toEqual(['x', 'conv.weight_fused', '/conv/Conv.bias_fused']);
    const names = definedNames(both);
    expect(new Set(names).size).toBe(names.length);
  });

  it('a fused name still in use elsewhere is not reused: the counter follows one suffix', () => {
    const model = buildSharedWeight({ secondFusible: true });
    const names = new UniqueNames(model);
    expect(names.next('shared.weight')).toBe('shared.weight_fused');
    // "shared.weight_fused" is taken now; folding it again must not give "…_fused_fused".
    expect(names.next('shared.weight_fused')).toBe('shared.weight_fused_2');
    expect(names.next('shared.weight_fused_2')).toBe('shared.weight_fused_3');
    // The name of the tensor being replaced may be handed out again.
    expect(names.next('shared.weight_fused', 'shared.weight_fused')).toBe('shared.weight_fused');
  });
});
