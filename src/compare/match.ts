/**
 * Which output of one model is compared with which of the other. By name first (a fused or
 * optimized model keeps its outputs' names); what is left is paired by position when both sides
 * have the same number left (an exporter that renamed outputs), and said so; the rest is listed.
 */
export interface OutputMatch {
  /** The reference model's output. */
  reference: string;
  /** The other model's output. */
  actual: string;
  by: 'name' | 'position';
}

export interface OutputMatching {
  pairs: OutputMatch[];
  /** Outputs only the reference model has (nothing to compare them with). */
  onlyReference: string[];
  /** Outputs only the other model has. */
  onlyActual: string[];
}

export function matchOutputs(reference: readonly string[], actual: readonly string[]): OutputMatching {
  const actualNames = new Set(actual);
  const byName = reference.filter((name) => actualNames.has(name));
  const named = new Set(byName);
  const restReference = reference.filter((name) => !named.has(name));
  const restActual = actual.filter((name) => !named.has(name));
  const byPosition = restReference.length > 0 && restReference.length === restActual.length;
  const pairs: OutputMatch[] = reference.flatMap((name): OutputMatch[] => {
    if (named.has(name)) return [{ reference: name, actual: name, by: 'name' }];
    const at = restReference.indexOf(name);
    return byPosition ? [{ reference: name, actual: restActual[at] as string, by: 'position' }] : [];
  });
  return {
    pairs,
    onlyReference: byPosition ? [] : restReference,
    onlyActual: byPosition ? [] : restActual,
  };
}

/** One sentence on how outputs were paired when it was not simply by name; undefined otherwise. */
export function matchingNote(
  matching: OutputMatching,
  labels: { reference: string; actual: string },
): string | undefined {
  const parts: string[] = [];
  const positional = matching.pairs.filter((p) => p.by === 'position');
  if (positional.length > 0) {
    parts.push(
      `Outputs without a namesake were matched by position: ${positional.map((p) => `${p.reference} ↔ ${p.actual}`).join(', ')}.`,
    );
  }
  if (matching.onlyReference.length > 0) {
    parts.push(`Only the ${labels.reference} model has ${matching.onlyReference.join(', ')}: not compared.`);
  }
  if (matching.onlyActual.length > 0) {
    parts.push(`Only the ${labels.actual} model has ${matching.onlyActual.join(', ')}: not compared.`);
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}
