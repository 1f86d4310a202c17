import { dataTypeName } from '../../onnx/index.ts';
import type { AttributeProto, Int64 } from '../../onnx/types.ts';
import { type DiffSideFiles, tensorChange } from './tensors.ts';
import type { NodeDifference } from './types.ts';

/** Longest attribute value shown in a difference; model text, cut so that a hostile file cannot flood the list. */
const MAX_TEXT = 60;

/**
 * Attributes added, removed or changed between two matched nodes, by name. Graph attributes (If
 * branches, Loop and Scan bodies) are left out: their nodes are diffed as graphs of their own.
 */
export function attributeDifferences(
  a: readonly AttributeProto[],
  b: readonly AttributeProto[],
  files: DiffSideFiles,
): NodeDifference[] {
  const out: NodeDifference[] = [];
  const before = byName(a);
  const after = byName(b);
  for (const [name, x] of before) {
    const y = after.get(name);
    if (!y) out.push({ kind: 'attribute', name, from: attributeText(x) });
    else if (!sameAttribute(x, y, files))
      out.push({ kind: 'attribute', name, from: attributeText(x), to: attributeText(y) });
  }
  for (const [name, y] of after) {
    if (!before.has(name)) out.push({ kind: 'attribute', name, to: attributeText(y) });
  }
  return out;
}

function byName(attributes: readonly AttributeProto[]): Map<string, AttributeProto> {
  const map = new Map<string, AttributeProto>();
  for (const a of attributes) if (!a.g && !(a.graphs?.length ?? 0)) map.set(a.name ?? '', a);
  return map;
}

function sameAttribute(x: AttributeProto, y: AttributeProto, files: DiffSideFiles): boolean {
  if ((x.type ?? 0) !== (y.type ?? 0) || (x.refAttrName ?? '') !== (y.refAttrName ?? '')) return false;
  if (x.t || y.t) return !!x.t && !!y.t && tensorChange(x.t, y.t, files) === undefined;
  return (
    sameFloat32(x.f ?? 0, y.f ?? 0) &&
    int64Text(x.i) === int64Text(y.i) &&
    bytesText(x.s) === bytesText(y.s) &&
    sameList(x.floats ?? [], y.floats ?? [], sameFloat32) &&
    sameList(x.ints ?? [], y.ints ?? [], (p, q) => int64Text(p) === int64Text(q)) &&
    sameList(x.strings ?? [], y.strings ?? [], (p, q) => bytesText(p) === bytesText(q)) &&
    (x.tensors?.length ?? 0) === (y.tensors?.length ?? 0) &&
    (x.tensors ?? []).every((t, i) => {
      const u = y.tensors?.[i];
      return !!u && tensorChange(t, u, files) === undefined;
    })
  );
}

/** Float attributes are float32: a builder's 1e-5 and the decoded 0.0000099999997… are the same value. */
function sameFloat32(x: number, y: number): boolean {
  return Object.is(Math.fround(x), Math.fround(y)) || (Number.isNaN(x) && Number.isNaN(y));
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i] as T));
}

function int64Text(v: Int64 | null | undefined): string {
  return v === null || v === undefined ? '0' : String(typeof v === 'number' ? v : v.toString());
}

const utf8 = new TextDecoder();

function bytesText(s: Uint8Array | null | undefined): string {
  return s && s.length > 0 ? utf8.decode(s) : '';
}

/** Float attributes are float32: 1e-5 is stored as 0.0000099999997…; show the 7 digits it has. */
function float32Text(v: number): string {
  return String(Number.parseFloat(v.toPrecision(7)));
}

/** A readable value, cut to MAX_TEXT characters (model text: the page shows it as text only). */
export function attributeText(a: AttributeProto): string {
  let text: string;
  if (a.refAttrName) text = `→ ${a.refAttrName}`;
  else if (a.t) text = `tensor ${dataTypeName(a.t.dataType ?? 0)}[${(a.t.dims ?? []).map(int64Text).join(',')}]`;
  else if (a.type === 6 || a.floats?.length) text = `[${(a.floats ?? []).map(float32Text).join(', ')}]`;
  else if (a.type === 7 || a.ints?.length) text = `[${(a.ints ?? []).map(int64Text).join(', ')}]`;
  else if (a.type === 8 || a.strings?.length) text = `[${(a.strings ?? []).map(bytesText).join(', ')}]`;
  else if (a.tensors?.length) text = `${a.tensors.length} tensors`;
  else if (a.s?.length) text = bytesText(a.s);
  else if (a.type === 1) text = float32Text(a.f ?? 0);
  else text = int64Text(a.i);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
