import { describe, expect, it } from 'vitest';
import { attribute, floatTensor, int64Tensor } from '../fixtures/builder.ts';
import { DataType, Long } from '../onnx/index.ts';
import { EDITABLE_ELEMENTS, editableAttribute, shortestFloat32 } from './attribute-edit.ts';

describe('editableAttribute', () => {
  it.each([
    ['int', attribute('axis', { int: -1 }), { type: 'int', value: -1 }],
    ['float', attribute('alpha', { float: 0.5 }), { type: 'float', value: 0.5 }],
    ['string', attribute('auto_pad', { string: 'SAME_UPPER' }), { type: 'string', value: 'SAME_UPPER' }],
    ['ints', attribute('pads', { ints: [1, 1, 2, 2] }), { type: 'ints', value: [1, 1, 2, 2] }],
    ['floats', attribute('scales', { floats: [1, 2] }), { type: 'floats', value: [1, 2] }],
  ])('gives a %s attribute its type and whole value', (_kind, a, expected) => {
    expect(editableAttribute(a)).toEqual(expected);
  });

  it('shows float32 values as the shortest decimal that reads back as the same float32', () => {
    expect(editableAttribute(attribute('alpha', { float: 0.1 }))).toEqual({ type: 'float', value: 0.1 });
    expect(editableAttribute(attribute('scales', { floats: [1e-5, 0.3] }))?.value).toEqual([1e-5, 0.3]);
    for (const v of [Math.fround(Math.PI), Math.fround(1 / 3), 3.4028234663852886e38, 1.401298464324817e-45]) {
      expect(Math.fround(shortestFloat32(v))).toBe(v);
    }
  });

  it('reads string lists and small float and int64 tensors', () => {
    const strings = { name: 's', type: 8, strings: [new TextEncoder().encode('a'), new TextEncoder().encode('b')] };
    expect(editableAttribute(strings)).toEqual({ type: 'strings', value: ['a', 'b'] });
    expect(editableAttribute(attribute('value', { tensor: floatTensor('v', 'float32', [2], [1.5, -2]) }))).toEqual({
      type: 'tensor',
      value: { dtype: 'float32', dims: [2], values: [1.5, -2] },
    });
    expect(editableAttribute(attribute('value', { tensor: int64Tensor('v', [3], [1, -2, 3]) }))).toEqual({
      type: 'tensor',
      value: { dtype: 'int64', dims: [3], values: [1, -2, 3] },
    });
    const raw = new Uint8Array(8);
    new DataView(raw.buffer).setBigInt64(0, -7n, true);
    const rawInt = { name: 'v', dataType: DataType.INT64, dims: [Long.fromNumber(1)], rawData: raw };
    expect(editableAttribute(attribute('value', { tensor: rawInt }))?.value).toEqual({
      dtype: 'int64',
      dims: [1],
      values: [-7],
    });
  });

  it('leaves out what a text field cannot hold exactly', () => {
    const huge = { name: 'ends', type: 7, ints: [Long.fromString('9223372036854775807')] };
    expect(editableAttribute(huge)).toBeUndefined();
    expect(editableAttribute(attribute('body', { graph: { name: 'g' } }))).toBeUndefined();
    const long = attribute('pads', { ints: Array.from({ length: EDITABLE_ELEMENTS + 1 }, () => 0) });
    expect(editableAttribute(long)).toBeUndefined();
    const bools = { name: 'v', dataType: DataType.BOOL, dims: [Long.fromNumber(1)], rawData: new Uint8Array([1]) };
    expect(editableAttribute(attribute('value', { tensor: bools }))).toBeUndefined();
  });
});
