import { describe, expect, it } from 'vitest';
import { attributeText, parseAttribute } from './attribute-text.ts';
import { parseDim, parseDims } from './dim-text.ts';

describe('parseAttribute', () => {
  it.each([
    ['int', '3', 3],
    ['int', ' -1 ', -1],
    ['float', '1e-5', 1e-5],
    ['float', '0.5', 0.5],
    ['string', 'NOTSET', 'NOTSET'],
    ['ints', '1, 2, 3', [1, 2, 3]],
    ['ints', '[2 2]', [2, 2]],
    ['ints', '[]', []],
    ['floats', '0.5, -1.25', [0.5, -1.25]],
    ['strings', '["a", "b,c"]', ['a', 'b,c']],
  ] as const)('reads %s "%s"', (type, text, value) => {
    expect(parseAttribute('x', type, text)).toEqual({ value });
  });

  it.each([
    ['int', '1.5', 'axis takes a whole number, not "1.5".'],
    ['int', 'two', 'axis takes a whole number, not "two".'],
    ['int', '', 'axis takes a whole number, not "".'],
    ['float', 'abc', 'axis takes a number, not "abc".'],
    ['float', 'Infinity', 'axis takes a number, not "Infinity".'],
    ['ints', '1, x, 3', 'axis takes whole numbers separated by commas; "x" is not one.'],
    ['floats', '1, 2..', 'axis takes numbers separated by commas; "2.." is not one.'],
    ['strings', 'a, b', 'axis takes a list of strings written as JSON, e.g. ["a", "b"].'],
  ] as const)('refuses %s "%s" with a sentence', (type, text, error) => {
    expect(parseAttribute('axis', type, text)).toEqual({ error });
  });

  it('keeps a tensor attribute dtype and dims and checks the count of values', () => {
    const current = { dtype: 'float32', dims: [2], values: [1, 2] };
    expect(parseAttribute('value', 'tensor', '3, 4.5', current)).toEqual({
      value: { dtype: 'float32', dims: [2], values: [3, 4.5] },
    });
    expect(parseAttribute('value', 'tensor', '3', current)).toEqual({
      error: 'value is a float32 tensor of shape [2]: it takes 2 values, not 1.',
    });
    expect(parseAttribute('value', 'tensor', '1.5', { dtype: 'int64', dims: [], values: [1] })).toEqual({
      error: 'value is a int64 tensor; "1.5" is not a whole number.',
    });
  });

  it('writes each type back as the text it reads', () => {
    expect(attributeText('ints', [1, 2])).toBe('1, 2');
    expect(parseAttribute('a', 'strings', attributeText('strings', ['x', 'y']))).toEqual({ value: ['x', 'y'] });
    expect(attributeText('tensor', { dtype: 'float32', dims: [2], values: [1, 2] })).toBe('1, 2');
  });
});

describe('parseDim', () => {
  it('reads sizes and symbolic names', () => {
    expect(parseDims(['N', '3', ' 224 ', 'batch_size', '0'])).toEqual({ dims: ['N', 3, 224, 'batch_size', 0] });
  });

  it.each([
    ['', 'Dim 1 is empty: enter a size such as 3 or a name such as N.'],
    ['-1', 'Dim 1 is -1: a size is a whole number, 0 or more (or use a name such as N).'],
    ['2.5', 'Dim 1 is 2.5: a size is a whole number, 0 or more (or use a name such as N).'],
    ['a b', 'Dim 1 is "a b": a symbolic name has no spaces.'],
  ])('refuses "%s"', (text, error) => {
    expect(parseDim(text, 0)).toEqual({ error });
  });
});
