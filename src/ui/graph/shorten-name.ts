/** Average width of a character of a node's 11 px name, a little generous so that the cut text fits. */
const CHAR_WIDTH = 6.2;
/** A node card's padding and border on both sides. */
const CARD_INSET = 18;

/** How many characters of a name fit on a card this wide. */
export function nameBudget(cardWidth: number): number {
  return Math.max(8, Math.floor((cardWidth - CARD_INSET) / CHAR_WIDTH));
}
