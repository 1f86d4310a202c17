import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto, NodeProto } from '../onnx/types.ts';
import { attributeType, makeAttribute } from './attribute-value.ts';
import { copyMessage, withGraphFields } from './copy.ts';
import { refreshShapes } from './refresh-shapes.ts';
import { clip, describeNode, findNode, nodeRef } from './refs.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { AttributeValue, EditOp } from './types.ts';

type SetAttribute = Extract<EditOp, { op: 'set-attribute' }>;

/**
 * Sets a node attribute, read as the attribute's stored type (int, float, string, ints, floats,
 * strings, tensor). A new attribute needs `type`; an existing one keeps its type (a `type` that
 * disagrees is refused: the op's schema fixes it). Graph-valued attributes are not edited here.
 */
export function setAttribute({ model }: EditContext, op: SetAttribute): EditOutcome {
  const graph = model.graph as GraphProto;
  const index = findNode(graph, op.node);
  const node = (graph.node ?? [])[index] as NodeProto;
  const attributes = node.attribute ?? [];
  const at = attributes.findIndex((a) => a.name === op.name);
  const old = attributes[at];
  const where = `attribute "${clip(op.name)}" of ${describeNode(node, index)}`;
  if (op.name === '') throw new OnnxError('EDIT_INVALID', 'An attribute needs a name.');
  let type = op.type;
  if (old) {
    const stored = attributeType(old);
    if (!stored)
      throw new OnnxError('EDIT_REFUSED', `The ${where} holds a graph or type, which cannot be edited as a value.`);
    if (type && type !== stored) {
      throw new OnnxError('EDIT_INVALID', `The ${where} is ${stored}, not ${type}.`);
    }
    type = stored;
  }
  if (!type) {
    throw new OnnxError(
      'EDIT_INVALID',
      `${describeNode(node, index)} has no attribute "${clip(op.name)}"; a new attribute needs its type.`,
    );
  }
  const attribute = makeAttribute(op.name, type, op.value, old);
  const nextAttributes = old ? attributes.map((a, i) => (i === at ? attribute : a)) : [...attributes, attribute];
  const nodes = [...(graph.node ?? [])];
  nodes[index] = copyMessage(node, { attribute: nextAttributes });
  // An attribute can change the node's output shapes (strides, axis, perm): declared ones downstream follow.
  const next = refreshShapes(withGraphFields(model, { node: nodes }), (node.output ?? []).filter(Boolean));
  return {
    model: next,
    description: `Set ${where} to ${formatValue(op.value)}`,
    changed: { nodes: [nodeRef(next.graph as GraphProto, index)], values: (node.output ?? []).filter(Boolean) },
  };
}

function formatValue(value: AttributeValue): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return `a ${value.dtype} tensor ${value.dims.length ? value.dims.join('×') : '(scalar)'}`;
  }
  return clip(JSON.stringify(value));
}
