import { listGraphs } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';

/** The suffix a folded tensor's name carries, with the counter added when the plain one is taken. */
const FUSED_SUFFIX = /_fused(?:_\d+)?$/;

/** A name without the suffix an earlier fold gave it: "w_fused" and "w_fused_2" are both "w". */
export function unfusedName(name: string): string {
  return name.replace(FUSED_SUFFIX, '');
}

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

  /**
   * `base` + "_fused", with a counter when that is taken too. A base that is already a fused name
   * (a weight folded a second time) keeps one suffix: "w_fused" gives "w_fused_2", never
   * "w_fused_fused". `replacing` is a name the caller is about to take out of the model (the
   * tensor the new one replaces); it may be handed out again, so a weight folded twice can keep
   * its "w_fused".
   */
  next(base: string, replacing?: string): string {
    const root = unfusedName(base);
    let name = `${root}_fused`;
    for (let k = 2; this.taken.has(name) && name !== replacing; k++) name = `${root}_fused_${k}`;
    this.taken.add(name);
    return name;
  }
}
