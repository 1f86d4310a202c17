import type { LayerReport, LayerResult } from '../../compare/layers.ts';
import type { GraphView } from '../../layout/types.ts';

type SearchEntry = GraphView['search'][number];

/**
 * Colours of a layer's error on the graph. A layer is coloured by its worst element's
 * |difference| ÷ (atol + rtol·|reference|) (OutputStats.toleranceRatio): 1 is exactly at
 * tolerance. The scale is logarithmic from 1e-3 (green: far inside) through 1 (amber: at the
 * limit) to 1e2 and beyond (red: far outside); NaN/Inf mismatches are red too.
 */
export const HEAT_STOPS = [
  { ratio: 1e-3, colour: [26, 127, 90] },
  { ratio: 1e-1, colour: [160, 190, 60] },
  { ratio: 1, colour: [230, 160, 20] },
  { ratio: 1e2, colour: [200, 40, 40] },
] as const;

/** The scale's ticks for the legend. */
export const LEGEND_TICKS = [1e-3, 1e-2, 1e-1, 1, 10, 1e2] as const;

export function heatColour(ratio: number): string {
  const first = HEAT_STOPS[0];
  const last = HEAT_STOPS[HEAT_STOPS.length - 1] ?? first;
  const rgb = (c: readonly number[]) => `rgb(${c.map(Math.round).join(', ')})`;
  if (!(ratio > first.ratio)) return rgb(first.colour);
  if (!Number.isFinite(ratio) || ratio >= last.ratio) return rgb(last.colour);
  for (let i = 1; i < HEAT_STOPS.length; i++) {
    const a = HEAT_STOPS[i - 1] ?? first;
    const b = HEAT_STOPS[i] ?? last;
    if (ratio <= b.ratio) {
      const t = (Math.log10(ratio) - Math.log10(a.ratio)) / (Math.log10(b.ratio) - Math.log10(a.ratio));
      return rgb(a.colour.map((v, k) => v + ((b.colour[k] ?? v) - v) * t));
    }
  }
  return rgb(last.colour);
}

/** What a node shows: its worst output's ratio, colour and a line for its tooltip. */
export interface NodeHeat {
  ratio: number;
  colour: string;
  title: string;
  /** The first divergence is produced by this node. */
  first: boolean;
}

/**
 * The id the page gives the node that produces a compared value in the graph on screen: by the
 * node's name (as the layout names nodes), else its op and first output (unnamed nodes).
 */
export function producerNodeId(
  result: Pick<LayerResult, 'name' | 'original' | 'fused'>,
  side: Side,
  search: readonly SearchEntry[],
): string | undefined {
  const { name, opType } = result[side];
  if (name) return search.find((e) => e.name === name && e.id === name)?.id ?? search.find((e) => e.name === name)?.id;
  const id = `${opType}:${result.name}`;
  return search.some((e) => e.id === id) ? id : undefined;
}

const ratioText = (r: number) => (Number.isFinite(r) ? r.toPrecision(2) : 'NaN/Inf mismatch');

/** Which compared model the graph on screen shows. */
export type Side = 'original' | 'fused';

/** Heat per node id of the graph on screen, by the producers in the model that graph shows (`side`). */
export function heatByNode(report: LayerReport, side: Side, search: readonly SearchEntry[]): Map<string, NodeHeat> {
  const heat = new Map<string, NodeHeat>();
  for (const result of report.compared) {
    const id = producerNodeId(result, side, search);
    if (!id) continue;
    const ratio = result.stats.toleranceRatio;
    const earlier = heat.get(id);
    const first = report.firstDivergence?.name === result.name;
    if (earlier && earlier.ratio >= ratio && !first) continue;
    heat.set(id, {
      ratio,
      colour: heatColour(ratio),
      title: `${result.name}: worst |difference| ÷ tolerance ${ratioText(ratio)} (${result.stats.verdict})`,
      first: first || (earlier?.first ?? false),
    });
  }
  return heat;
}
