/** Average width of a character of a node's 11 px name, a little generous so that the cut text fits. */
const CHAR_WIDTH = 6.2;
/** A node card's padding and border on both sides. */
const CARD_INSET = 18;

/** How many characters of a name fit on a card this wide. */
export function nameBudget(cardWidth: number): number {
  return Math.max(8, Math.floor((cardWidth - CARD_INSET) / CHAR_WIDTH));
}

/**
 * A node name cut from the left to at most `max` characters. Exporters name nodes by scope
 * ("/features/features.5/conv/conv.1/conv.1.0/Conv"): neighbours share the start, and the end is
 * what tells them apart, so the end is kept ("…/conv.1/conv.1.0/Conv"). The cut falls on a "/"
 * when one is near, so the kept part starts with a whole scope.
 */
export function keepTail(name: string, max: number): string {
  if (name.length <= max) return name;
  const tail = name.slice(name.length - (max - 1));
  const slash = tail.indexOf('/');
  // A slash in the first third of the room costs little; further in, it would throw away too much.
  const cut = slash > 0 && slash <= tail.length / 3 ? tail.slice(slash) : tail;
  return `…${cut}`;
}
