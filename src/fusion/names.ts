import { listGraphs } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';

/** Hands out value names no graph of the model uses yet. */
export class UniqueNames {
  private readonly taken = new Set<string>();

  constructor(model: ModelProto) {
    for (const { graph } of listGraphs(model)) {
      for (const t of graph.initializer ?? []) this.taken.add(t.name ?? '');
      for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])])
        this.taken.add(v.name ?? '');
      for (const n of graph.node ?? [])
        for (const name of [...(n.input ?? []), ...(n.output ?? [])]) this.taken.add(name);
    }
  }

  /** `base` + "_fused", with a counter when that is taken too. */
  next(base: string): string {
    let name = `${base}_fused`;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_fused_${k}`;
    this.taken.add(name);
    return name;
  }
}
