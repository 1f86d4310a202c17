import { describe, expect, it } from 'vitest';
import { condenseScopes, cutFromLeft } from '../format.ts';
import { nameBudget, subtitleOf } from './shorten-name.ts';

describe('node names on cards', () => {
  it('keep the block and their end, the parts that tell neighbours apart', () => {
    const name = '/features/features.5/conv/conv.1/conv.1.0/Conv';
    const shown = cutFromLeft(name, nameBudget(196));
    // "conv.1.0" already says "conv" and "conv.1": those go before anything is cut.
    expect(shown).toBe('/features.5/conv.1.0/Conv');
    expect(shown.length).toBeLessThanOrEqual(nameBudget(196));
    // The two convs of a block differ only at the end, and so do their shortened names.
    expect(cutFromLeft('/features/features.5/conv/conv.0/conv.0.0/Conv', 28)).not.toBe(shown);
    // And so do the same convs of two blocks.
    expect(cutFromLeft('/features/features.6/conv/conv.1/conv.1.0/Conv', 28)).not.toBe(shown);
    // Still too long: cut from the left after condensing.
    expect(cutFromLeft('/backbone/features/features.5/conv/conv.1/conv.1.0/Conv', 20)).toBe('…/conv.1.0/Conv');
  });

  it('drop only the scopes the next one repeats', () => {
    expect(condenseScopes('/features/features.9/conv/conv.0/conv.0.0/Conv')).toBe('/features.9/conv.0.0/Conv');
    expect(condenseScopes('/layer1/layer1.0/conv1/Conv')).toBe('/layer1.0/conv1/Conv');
    // "conv" is not repeated by "conv2" (no dot), nor "stage0" by "block3".
    expect(condenseScopes('/stage0/block3/conv/conv2/Conv')).toBe('/stage0/block3/conv/conv2/Conv');
    expect(condenseScopes('p2o.Conv.12')).toBe('p2o.Conv.12');
  });

  it('are left whole when they fit, and cut mid-word when no scope boundary is near', () => {
    expect(cutFromLeft('/stem/conv/Conv', 28)).toBe('/stem/conv/Conv');
    expect(cutFromLeft('a_very_long_unscoped_node_name_number_12', 20)).toBe('…node_name_number_12');
    // A slash that would leave only a few characters is not worth cutting at.
    expect(cutFromLeft(`p/${'a'.repeat(30)}/bb`, 20)).toBe(`…${'a'.repeat(16)}/bb`);
  });

  it('leave out the op type at the end, which the title of the card says', () => {
    expect(subtitleOf('/layer1/layer1.0/a/bn/BatchNormalization', 'BatchNormalization')).toBe('/layer1/layer1.0/a/bn');
    // Shortened, BN subtitles keep their block: they all ended in "…/BatchNormalization".
    expect(
      cutFromLeft(subtitleOf('/features/features.0/features.0.1/BatchNormalization', 'BatchNormalization'), 28),
    ).toBe('/features.0.1');
    // Only an exact op-type segment goes.
    expect(subtitleOf('/features/Conv_1', 'Conv')).toBe('/features/Conv_1');
    expect(subtitleOf('p2o.BatchNormalization.12', 'BatchNormalization')).toBe('p2o.BatchNormalization.12');
    expect(subtitleOf('/Relu', 'Relu')).toBe('/Relu');
  });
});
