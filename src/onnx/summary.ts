import { dataTypeName, rawByteLength } from './dtype.ts';
import { externalDataRef, isExternal } from './external.ts';
import { int64ToApproxNumber } from './int64.ts';
import { tensorElementCount } from './shape.ts';
import type { ModelProto, TypeProto, ValueInfoProto } from './types.ts';
import { listGraphs, listTensors } from './walk.ts';

export interface ValueSummary {
  name: string;
  /** e.g. "float32[N,3,224,224]", "seq(float32[?])". */
  type: string;
  /** For tensors: the element type code, and each dim as a size or a symbolic name ("" when unnamed). */
  elemType?: number;
  dims?: (number | string)[];
}

/** What `inspect` reports about a model: plain data, safe to send between threads or print as JSON. */
export interface ModelSummary {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer: { name: string; version: string };
  graphName: string;
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  /** Nodes of the main graph. */
  nodeCount: number;
  /** Nodes in every graph, subgraphs and functions included. */
  totalNodeCount: number;
  subgraphCount: number;
  /** Op type (prefixed with its domain when not the default one) to count, across all graphs. */
  opHistogram: Record<string, number>;
  /** Elements and bytes of every stored tensor: initializers and Constant nodes' values. */
  parameterCount: number;
  parameterBytes: number;
  /** Side files the model's external tensors live in. */
  sideFiles: string[];
  metadata: Record<string, string>;
}

export function summarizeModel(model: ModelProto): ModelSummary {
  const graph = model.graph ?? {};
  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const graphs = listGraphs(model);
  const opHistogram: Record<string, number> = {};
  let totalNodeCount = 0;
  const countNodes = (nodes: readonly { opType?: string | null; domain?: string | null }[]): void => {
    for (const node of nodes) {
      const domain = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}::` : '';
      const key = `${domain}${node.opType ?? ''}`;
      opHistogram[key] = (opHistogram[key] ?? 0) + 1;
      totalNodeCount++;
    }
  };
  for (const { graph: g } of graphs) countNodes(g.node ?? []);
  for (const fn of model.functions ?? []) countNodes(fn.node ?? []);

  let parameterCount = 0;
  let parameterBytes = 0;
  const sideFiles = new Set<string>();
  for (const { tensor, kind } of listTensors(model)) {
    if (kind === 'attribute') continue;
    const count = tensorElementCount(tensor);
    parameterCount += count;
    parameterBytes +=
      rawByteLength(tensor.dataType ?? 0, count) ?? (tensor.stringData ?? []).reduce((n, s) => n + s.length, 0);
    if (isExternal(tensor)) sideFiles.add(externalDataRef(tensor).location);
  }

  return {
    irVersion: int64ToApproxNumber(model.irVersion),
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: int64ToApproxNumber(o.version) })),
    producer: { name: model.producerName ?? '', version: model.producerVersion ?? '' },
    graphName: graph.name ?? '',
    inputs: (graph.input ?? []).filter((v) => !initializerNames.has(v.name ?? '')).map(summarizeValue),
    outputs: (graph.output ?? []).map(summarizeValue),
    nodeCount: graph.node?.length ?? 0,
    totalNodeCount,
    subgraphCount: graphs.length - 1,
    opHistogram,
    parameterCount,
    parameterBytes,
    sideFiles: [...sideFiles],
    metadata: Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}

export function summarizeValue(value: ValueInfoProto): ValueSummary {
  const summary: ValueSummary = { name: value.name ?? '', type: formatType(value.type) };
  const tensor = value.type?.tensorType;
  if (tensor) {
    summary.elemType = tensor.elemType ?? 0;
    if (tensor.shape) {
      summary.dims = (tensor.shape.dim ?? []).map((d) =>
        d.dimValue !== null && d.dimValue !== undefined ? int64ToApproxNumber(d.dimValue) : (d.dimParam ?? ''),
      );
    }
  }
  return summary;
}

/** A compact, readable form of a value's type. */
export function formatType(type: TypeProto | null | undefined): string {
  if (!type) return '?';
  if (type.tensorType) return formatTensorType(type.tensorType.elemType, type.tensorType.shape);
  if (type.sparseTensorType)
    return `sparse ${formatTensorType(type.sparseTensorType.elemType, type.sparseTensorType.shape)}`;
  if (type.sequenceType) return `seq(${formatType(type.sequenceType.elemType)})`;
  if (type.optionalType) return `optional(${formatType(type.optionalType.elemType)})`;
  if (type.mapType) return `map(${dataTypeName(type.mapType.keyType ?? 0)}, ${formatType(type.mapType.valueType)})`;
  if (type.opaqueType) return `opaque(${type.opaqueType.domain ?? ''}.${type.opaqueType.name ?? ''})`;
  return '?';
}

function formatTensorType(
  elemType: number | null | undefined,
  shape: { dim?: { dimValue?: unknown; dimParam?: string | null }[] | null } | null | undefined,
): string {
  const name = dataTypeName(elemType ?? 0);
  if (!shape) return name;
  const dims = (shape.dim ?? []).map((d) => {
    if (d.dimValue !== null && d.dimValue !== undefined) return String(int64ToApproxNumber(d.dimValue as number));
    return d.dimParam || '?';
  });
  return `${name}[${dims.join(',')}]`;
}
