/** True on little-endian hosts, where typed arrays can view ONNX raw_data directly. */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
