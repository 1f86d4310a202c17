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
  const levels = pieces.length === 1 ? (pieces[0] as string).split('.').filter((s) => s.length > 0) : pieces;
  // Group ids are prefixes of the path, so work per node grows with the square of its depth: a
  // hostile name of 100,000 levels must not stall the worker. Real exporters nest a dozen deep.
  return levels.length > MAX_SCOPE_DEPTH
    ? [...levels.slice(0, MAX_SCOPE_DEPTH - 1), levels.slice(MAX_SCOPE_DEPTH - 1).join('/')]
    : levels;
}

/** Deeper scopes are drawn as one group holding the rest of the path. */
export const MAX_SCOPE_DEPTH = 48;

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

/**
 * Opens, from `start` (or the top), every group that is the only thing in its parent: a scope
 * like "model" → "encoder" → "layers" would otherwise take three double-clicks to show anything.
 * Changes `expanded` in place.
 */
export function openSingleChildChains(expanded: Set<string>, names: readonly string[], start?: string): void {
  const children = new Map<string, Set<string>>();
  const directOps = new Map<string, number>();
  for (const name of names) {
    const segments = scopeOf(name);
    let parent = '';
    for (let depth = 1; depth <= segments.length; depth++) {
      const id = groupId(segments.slice(0, depth));
      const set = children.get(parent) ?? new Set<string>();
      set.add(id);
      children.set(parent, set);
      parent = id;
    }
    directOps.set(parent, (directOps.get(parent) ?? 0) + 1);
  }
  let current = start ?? '';
  for (;;) {
    const kids = children.get(current);
    if (kids?.size !== 1 || (directOps.get(current) ?? 0) > 0) return;
    const only = kids.values().next().value as string;
    expanded.add(only);
    current = only;
  }
}
