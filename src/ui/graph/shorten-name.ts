/** Average width of a character of a node's 11 px name, a little generous so that the cut text fits. */
const CHAR_WIDTH = 6.2;
/** A node card's padding and border on both sides. */
const CARD_INSET = 18;

/** Average width of a character of a weight chip's 10 px name. */
export const CHIP_CHAR_WIDTH = 5.7;

/** How many characters of a name fit on a card this wide (in 11 px text, or another width per character). */
export function nameBudget(cardWidth: number, charWidth = CHAR_WIDTH): number {
  return Math.max(8, Math.floor((cardWidth - CARD_INSET) / charWidth));
}

/**
 * A node's name as its card's subtitle: exporters end a name with the op type
 * ("/layer1/layer1.0/a/bn/BatchNormalization"), which the card's title already says, so that last
 * segment goes and the room is left for the scopes that tell nodes apart ("/layer1.0/a/bn").
 */
export function subtitleOf(name: string, op: string): string {
  const slash = name.lastIndexOf('/');
  return slash > 0 && name.slice(slash + 1) === op ? name.slice(0, slash) : name;
}
