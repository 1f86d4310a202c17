import { describe, expect, it } from 'vitest';
import { DataType } from './dtype.ts';
import { OnnxError } from './errors.ts';
import { encodeNpy, MAX_NPY_HEADER_BYTES, parseNpy } from './npy.ts';

/**
 * Files written by NumPy 2.4 (np.save, or numpy.lib.format.write_array for versions 2.0 and 3.0),
 * with the values each holds as little-endian C-order bytes. `asNumpySaves`: np.save of the
 * parsed array writes exactly these bytes (little-endian, default version), so encodeNpy must too.
 */
const NUMPY_FILES = [
  {
    name: 'float32 2x3',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAACDAAADAvwAAAL8AAAA/AADAPwAAIEA=',
    dataType: DataType.FLOAT,
    dims: [2, 3],
    data: '000020c00000c0bf000000bf0000003f0000c03f00002040',
    asNumpySaves: true,
  },
  {
    name: 'big-endian float64 scalar',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIApADAAAAAAAAA==',
    dataType: DataType.DOUBLE,
    dims: [],
    data: '0000000000000c40',
    asNumpySaves: false,
  },
  {
    name: 'bool',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=',
    dataType: DataType.BOOL,
    dims: [3],
    data: '010001',
    asNumpySaves: true,
  },
  {
    name: 'empty int64 0x4',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDQpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=',
    dataType: DataType.INT64,
    dims: [0, 4],
    data: '',
    asNumpySaves: true,
  },
  {
    name: 'float16',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAPADA/3s=',
    dataType: DataType.FLOAT16,
    dims: [3],
    data: '003c00c0ff7b',
    asNumpySaves: true,
  },
  {
    name: 'big-endian uint16 2x2',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPnUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQEC//8ABA==',
    dataType: DataType.UINT16,
    dims: [2, 2],
    data: '01000201ffff0400',
    asNumpySaves: false,
  },
  {
    name: 'int8',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAfwA=',
    dataType: DataType.INT8,
    dims: [3],
    data: '807f00',
    asNumpySaves: true,
  },
  {
    name: 'uint64',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPHU4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//////////wEAAAAAAAAA',
    dataType: DataType.UINT64,
    dims: [2],
    data: 'ffffffffffffffff0100000000000000',
    asNumpySaves: true,
  },
  {
    name: 'big-endian int32',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr////+AAERcA==',
    dataType: DataType.INT32,
    dims: [2],
    data: 'feffffff70110100',
    asNumpySaves: false,
  },
  {
    name: 'big-endian complex64 (each part swapped)',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmM4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/gAAAQAAAAIAAAADAYAAA',
    dataType: DataType.COMPLEX64,
    dims: [2],
    data: '0000803f0000004000000080000060c0',
    asNumpySaves: false,
  },
  {
    name: 'complex128',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGMxNicsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA',
    dataType: DataType.COMPLEX128,
    dims: [1],
    data: '000000000000f03f0000000000000040',
    asNumpySaves: true,
  },
  {
    name: 'uint8, format 2.0',
    npy: 'k05VTVBZAgB0AAAAeydkZXNjcic6ICd8dTEnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoNSwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQIDBA==',
    dataType: DataType.UINT8,
    dims: [5],
    data: '0001020304',
    asNumpySaves: false,
  },
  {
    name: 'int16, format 3.0',
    npy: 'k05VTVBZAwB0AAAAeydkZXNjcic6ICc8aTInLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr9/ywB',
    dataType: DataType.INT16,
    dims: [2],
    data: 'fdff2c01',
    asNumpySaves: false,
  },
  {
    name: 'int64 3x1x1x1',
    npy: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDEsIDEsIDEpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAEAAAAAAAAAAgAAAAAAAAA=',
    dataType: DataType.INT64,
    dims: [3, 1, 1, 1],
    data: '000000000000000001000000000000000200000000000000',
    asNumpySaves: true,
  },
] as const;

/** np.save(np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3))) */
const FORTRAN_2X3 =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA=';
/** np.save(np.array(['ab', 'c'])): a '<U2' array */
const UNICODE =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPFUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAphAAAAYgAAAGMAAAAAAAAA';
/** np.save(np.zeros(2, dtype=[('a', '<f4'), ('b', '<i4')])) */
const STRUCTURED =
  'k05VTVBZAQB2AHsnZGVzY3InOiBbKCdhJywgJzxmNCcpLCAoJ2InLCAnPGk0JyldLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAAA';

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A .npy file with `header` as its (version 1.0) header text, padded as np.save pads, and `data`. */
function npyWithHeader(header: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const padded = `${header}${' '.repeat(63 - ((prefix + header.length) % 64))}\n`;
  const out = new Uint8Array(prefix + padded.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  out.set(Buffer.from(padded, 'latin1'), prefix);
  out.set(data, prefix + padded.length);
  return out;
}

function refusal(bytes: Uint8Array): OnnxError {
  try {
    parseNpy(bytes);
  } catch (error) {
    if (error instanceof OnnxError) return error;
    throw error;
  }
  throw new Error('parseNpy accepted the file');
}

describe('parseNpy', () => {
  it.each(NUMPY_FILES)('reads $name as NumPy wrote it', (file) => {
    const array = parseNpy(fromBase64(file.npy));
    expect(array.dataType).toBe(file.dataType);
    expect(array.dims).toEqual(file.dims);
    expect(hex(array.data)).toBe(file.data);
  });

  it('reads a Python 2 shape with long suffixes', () => {
    const file = npyWithHeader(
      "{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 1L), }",
      new Uint8Array([1, 0, 2, 0]),
    );
    expect(parseNpy(file)).toMatchObject({ dataType: DataType.INT16, dims: [2, 1] });
  });

  it('reads fortran_order True when only one axis is longer than 1 (the bytes are the same)', () => {
    const file = npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", new Uint8Array(8));
    expect(parseNpy(file).dims).toEqual([1, 2]);
  });

  it('stores bool values as 0 and 1', () => {
    const file = npyWithHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", new Uint8Array([0, 7]));
    expect([...parseNpy(file).data]).toEqual([0, 1]);
  });

  const refusals: [string, () => Uint8Array, OnnxError['code'], RegExp][] = [
    ['a Fortran-order 2×3 array', () => fromBase64(FORTRAN_2X3), 'NPY_UNSUPPORTED', /Fortran.*C order/],
    ['a unicode string array', () => fromBase64(UNICODE), 'NPY_UNSUPPORTED', /'<U2' has no ONNX tensor type/],
    ['a structured array', () => fromBase64(STRUCTURED), 'NPY_UNSUPPORTED', /structured/],
    [
      'an object array (a pickle)',
      () => npyWithHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)),
      'NPY_UNSUPPORTED',
      /'\|O'/,
    ],
    [
      'bytes that are not .npy',
      () => new TextEncoder().encode('PK\u0003\u0004 a zip file'),
      'NPY_INVALID',
      /\\x93NUMPY/,
    ],
    ['an empty file', () => new Uint8Array(0), 'NPY_INVALID', /\\x93NUMPY/],
    [
      'format version 4',
      () => npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new Uint8Array(4), 4),
      'NPY_UNSUPPORTED',
      /version 4\.0/,
    ],
    ['a header longer than the file', () => fromBase64(NUMPY_FILES[0].npy).slice(0, 40), 'NPY_INVALID', /ends before/],
    [
      'data shorter than the shape',
      () => fromBase64(NUMPY_FILES[0].npy).slice(0, -1),
      'NPY_INVALID',
      /2×3 <f4 \(24 bytes\) but 23 bytes/,
    ],
    [
      'data longer than the shape',
      () => npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)),
      'NPY_INVALID',
      /but 8 bytes/,
    ],
    [
      'a missing key',
      () => npyWithHeader("{'descr': '<f4', 'shape': (1,), }", new Uint8Array(4)),
      'NPY_INVALID',
      /descr, shape/,
    ],
    [
      'an extra key',
      () => npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 'y'}", new Uint8Array(4)),
      'NPY_INVALID',
      /exactly/,
    ],
    [
      'a repeated key',
      () => npyWithHeader("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}"),
      'NPY_INVALID',
      /repeats/,
    ],
    [
      'an expression in the header',
      () => npyWithHeader("{'descr': __import__('os'), 'fortran_order': False, 'shape': ()}"),
      'NPY_INVALID',
      /string belongs/,
    ],
    [
      'a negative dim',
      () => npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"),
      'NPY_INVALID',
      /size belongs/,
    ],
    [
      '65 dims',
      () => npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (${'1, '.repeat(65)}), }`),
      'NPY_INVALID',
      /more than 64/,
    ],
    [
      'a header claiming 4 GB (format 2.0)',
      () => {
        const file = npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new Uint8Array(4), 2);
        new DataView(file.buffer).setUint32(8, 0xffffffff, true);
        return file;
      },
      'NPY_INVALID',
      new RegExp(`at most ${MAX_NPY_HEADER_BYTES}`),
    ],
    [
      'a shape of 2^60 elements over 8 bytes',
      () =>
        npyWithHeader(
          "{'descr': '<f8', 'fortran_order': False, 'shape': (1073741824, 1073741824), }",
          new Uint8Array(8),
        ),
      'NPY_INVALID',
      /more than 2\^53 bytes/,
    ],
    [
      'trailing text after the dict',
      () => npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), } + 1", new Uint8Array(4)),
      'NPY_INVALID',
      /goes on after/,
    ],
  ];

  it.each(refusals)('refuses %s with a sentence', (_name, bytes, code, message) => {
    const error = refusal(bytes());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('encodeNpy', () => {
  it.each(NUMPY_FILES.filter((file) => file.asNumpySaves))('writes $name byte for byte as np.save does', (file) => {
    const bytes = fromBase64(file.npy);
    expect(hex(encodeNpy(parseNpy(bytes)))).toBe(hex(bytes));
  });

  it.each(NUMPY_FILES)('reads back what it wrote for $name', (file) => {
    const array = parseNpy(fromBase64(file.npy));
    expect(parseNpy(encodeNpy(array))).toEqual(array);
  });

  it('refuses a type NumPy has no dtype for', () => {
    expect(() => encodeNpy({ dataType: DataType.BFLOAT16, dims: [1], data: new Uint8Array(2) })).toThrow(
      /bfloat16 has no NumPy dtype/,
    );
  });

  it('refuses data that does not fill the dims', () => {
    expect(() => encodeNpy({ dataType: DataType.FLOAT, dims: [2], data: new Uint8Array(4) })).toThrow(OnnxError);
  });
});
