import { cutFromLeft } from '../format.ts';
import { nameBudget, subtitleOf } from './shorten-name.ts';

/**
 * A node's name on its card, without the op type the title already says and cut when still too
 * long (see subtitleOf, cutFromLeft), with the full name on hover and, for screen readers and
 * search by text, in the card's text.
 */
export function NodeName({ name, op, cardWidth }: { name: string; op?: string; cardWidth: number }) {
  const shown = cutFromLeft(op ? subtitleOf(name, op) : name, nameBudget(cardWidth));
  if (shown === name) return <div className="op-name">{name || '\u00a0'}</div>;
  return (
    <div className="op-name" title={name}>
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{name}</span>
    </div>
  );
}
