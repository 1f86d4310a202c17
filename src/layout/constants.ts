/** Chips drawn on a node before "+N more"; node heights are computed for the same number. */
export const MAX_CHIPS = 4;
