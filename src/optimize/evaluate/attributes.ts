import type { AttributeProto, NodeProto } from '../../onnx/types.ts';

export { attrFloat, attrInt, attrInts, attrString, hasAttribute } from '../../fusion/attributes.ts';

export function findAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}
