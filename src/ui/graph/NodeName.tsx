import { cutFromLeft } from '../format.ts';
import { nameBudget } from './shorten-name.ts';

/**
 * A node's name on its card, cut from the left when it is too long (see cutFromLeft), with the full
 * name on hover and, for screen readers and search by text, in the card's text.
 */
export function NodeName({ name, cardWidth }: { name: string; cardWidth: number }) {
  const shown = cutFromLeft(name, nameBudget(cardWidth));
  if (shown === name) return <div className="op-name">{name || '\u00a0'}</div>;
  return (
    <div className="op-name" title={name}>
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{name}</span>
    </div>
  );
}
