import { int64ToApproxNumber } from '../onnx/index.ts';
import type { NodeProto } from '../onnx/types.ts';

function find(node: NodeProto, name: string) {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export function hasAttribute(node: NodeProto, name: string): boolean {
  return find(node, name) !== undefined;
}

export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  return a?.i === null || a?.i === undefined ? fallback : int64ToApproxNumber(a.i);
}

export function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = find(node, name);
  return a ? (a.ints ?? []).map((v) => int64ToApproxNumber(v)) : undefined;
}

export function attrFloat(node: NodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  return a?.f === null || a?.f === undefined ? fallback : a.f;
}

export function attrString(node: NodeProto, name: string): string | undefined {
  const a = find(node, name);
  return a?.s ? new TextDecoder().decode(a.s) : undefined;
}

/** The op type of a node of the default ONNX domain; '' for nodes of other domains. */
export function onnxOp(node: NodeProto): string {
  return !node.domain || node.domain === 'ai.onnx' ? (node.opType ?? '') : '';
}
