/**
 * What the candidate list says when it has no candidate left: a model that never had a pair is
 * not the same news as one whose pairs were all fused.
 */
export function emptyText(candidates: number, fused: number): string | undefined {
  if (candidates > 0) return undefined;
  if (fused === 0) return 'No Conv→BatchNormalization pairs in this model.';
  return fused === 1 ? 'Its only pair is fused.' : `All ${fused.toLocaleString('en-US')} pairs are fused.`;
}
