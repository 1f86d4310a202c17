import type { FusionCandidate, StepFold } from '../fusion/index.ts';
import type { Marks } from '../layout/index.ts';

/**
 * What the view marks on the main graph: its candidates, and how many fusions each node has
 * absorbed so far. A node is known by the value it produces, which a fusion renames (the kept
 * node takes the folded node's output), so counts follow each rename through the history.
 */
export function marksFor(candidates: readonly FusionCandidate[], applied: readonly StepFold[]): Marks {
  const fusedByOutput = new Map<string, number>();
  for (const a of applied) {
    if (a.graphPath !== 'main') continue;
    const before = fusedByOutput.get(a.keptOutputBefore) ?? 0;
    fusedByOutput.delete(a.keptOutputBefore);
    fusedByOutput.set(a.keptOutputAfter, before + 1);
  }
  return {
    candidates: candidates
      .filter((c) => c.graphPath === 'main')
      .map((c) => ({
        id: c.id,
        kind: c.kind,
        output: c.output,
        status: c.status,
        ...(c.blocked ? { reason: c.blocked.message } : {}),
      })),
    fusedByOutput,
  };
}
