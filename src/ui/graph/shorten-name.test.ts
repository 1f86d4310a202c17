import { describe, expect, it } from 'vitest';
import { cutFromLeft } from '../format.ts';
import { nameBudget } from './shorten-name.ts';

describe('node names on cards', () => {
  it('keep their end, the part that tells neighbours apart, cut at a scope', () => {
    const name = '/features/features.5/conv/conv.1/conv.1.0/Conv';
    const shown = cutFromLeft(name, nameBudget(196));
    expect(shown).toBe('…/conv/conv.1/conv.1.0/Conv');
    expect(shown.length).toBeLessThanOrEqual(nameBudget(196));
    // The two convs of a block differ only at the end, and so do their shortened names.
    expect(cutFromLeft('/features/features.5/conv/conv.0/conv.0.0/Conv', 28)).not.toBe(shown);
  });

  it('are left whole when they fit, and cut mid-word when no scope boundary is near', () => {
    expect(cutFromLeft('/stem/conv/Conv', 28)).toBe('/stem/conv/Conv');
    expect(cutFromLeft('a_very_long_unscoped_node_name_number_12', 20)).toBe('…node_name_number_12');
    // A slash that would leave only a few characters is not worth cutting at.
    expect(cutFromLeft(`p/${'a'.repeat(30)}/bb`, 20)).toBe(`…${'a'.repeat(16)}/bb`);
  });
});
