import { dataTypeName, int64ToApproxNumber } from '../onnx/index.ts';
import type { AttributeProto } from '../onnx/types.ts';

const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  GRAPHS: 10,
} as const;

/** Float attributes are float32: 1e-5 is stored as 0.0000099999997…; show the 7 digits it has. */
export function formatFloat32(value: number): string {
  return String(Number.parseFloat(value.toPrecision(7)));
}

function ints(a: AttributeProto): number[] {
  return (a.ints ?? []).map((v) => int64ToApproxNumber(v));
}

/** A readable value for any attribute, cut to `max` characters. Model text: shown as text only. */
export function attributeValue(a: AttributeProto, max = 80): string {
  let text: string;
  switch (a.type) {
    case AttributeType.FLOAT:
      text = formatFloat32(a.f ?? 0);
      break;
    case AttributeType.INT:
      text = String(int64ToApproxNumber(a.i));
      break;
    case AttributeType.STRING:
      text = new TextDecoder().decode(a.s ?? new Uint8Array());
      break;
    case AttributeType.FLOATS:
      text = `[${(a.floats ?? []).map(formatFloat32).join(', ')}]`;
      break;
    case AttributeType.INTS:
      text = `[${ints(a).join(', ')}]`;
      break;
    case AttributeType.STRINGS:
      text = `[${(a.strings ?? []).map((s) => new TextDecoder().decode(s)).join(', ')}]`;
      break;
    case AttributeType.TENSOR:
      text = `tensor ${dataTypeName(a.t?.dataType ?? 0)}[${(a.t?.dims ?? []).map((d) => int64ToApproxNumber(d)).join(',')}]`;
      break;
    case AttributeType.GRAPH:
      text = `graph ${a.g?.name ?? ''} (${a.g?.node?.length ?? 0} nodes)`;
      break;
    case AttributeType.GRAPHS:
      text = `${a.graphs?.length ?? 0} graphs`;
      break;
    default:
      text = a.refAttrName ? `→ ${a.refAttrName}` : '?';
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The few attributes worth showing on a node: kernel, stride, padding, group, dilation, then others. */
export function attributeSummary(attributes: readonly AttributeProto[]): string[] {
  const out: string[] = [];
  const byName = new Map(attributes.map((a) => [a.name ?? '', a]));
  const list = (name: string) => {
    const a = byName.get(name);
    return a ? ints(a) : undefined;
  };
  const kernel = list('kernel_shape');
  if (kernel) out.push(`k ${kernel.join('×')}`);
  const strides = list('strides');
  if (strides?.some((s) => s !== 1)) out.push(`s ${strides.join('×')}`);
  const pads = list('pads');
  if (pads?.some((p) => p !== 0)) out.push(`p ${[...new Set(pads)].join(',')}`);
  const group = byName.get('group');
  if (group && int64ToApproxNumber(group.i) !== 1) out.push(`g ${int64ToApproxNumber(group.i)}`);
  const dilations = list('dilations');
  if (dilations?.some((d) => d !== 1)) out.push(`d ${dilations.join('×')}`);
  const shown = new Set(['kernel_shape', 'strides', 'pads', 'group', 'dilations']);
  for (const a of attributes) {
    if (out.length >= 4) break;
    const name = a.name ?? '';
    if (shown.has(name) || a.type === AttributeType.GRAPH || a.type === AttributeType.TENSOR) continue;
    out.push(`${name} ${attributeValue(a, 16)}`);
  }
  return out;
}
