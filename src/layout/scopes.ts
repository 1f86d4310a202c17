/**
 * Name scopes: exporters name nodes by where they sit in the model ("/layer1/layer1.0/conv1/Conv",
 * "model.encoder.layers.3.attn/MatMul"). The part before the last "/" is the scope. torch writes
 * one "/" piece per module (its dots repeat the parent's path), so "/" pieces are the levels; a
 * scope written as one dotted path is split at its dots instead. Names without "/" have no scope.
 */
export function scopeOf(name: string): string[] {
  const at = name.lastIndexOf('/');
  if (at <= 0) return [];
  const pieces = name
    .slice(0, at)
    .split('/')
    .filter((s) => s.length > 0);
  if (pieces.length === 1) return (pieces[0] as string).split('.').filter((s) => s.length > 0);
  return pieces;
}

export function groupId(segments: readonly string[]): string {
  return `group:${segments.join('/')}`;
}

/**
 * The group an op is drawn in when only `expanded` groups are open: its outermost closed scope,
 * or undefined when every enclosing group is open (the op is drawn itself).
 */
export function visibleGroup(
  segments: readonly string[],
  expanded: ReadonlySet<string>,
): { id: string; depth: number } | undefined {
  for (let depth = 1; depth <= segments.length; depth++) {
    const id = groupId(segments.slice(0, depth));
    if (!expanded.has(id)) return { id, depth };
  }
  return undefined;
}

/** Every group id that encloses a node (to open them all, e.g. to reveal it). */
export function enclosingGroups(segments: readonly string[]): string[] {
  return segments.map((_, i) => groupId(segments.slice(0, i + 1)));
}
