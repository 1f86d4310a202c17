/**
 * A layered (Sugiyama-style) layout that is linear in the size of the graph and iterative, so it
 * lays out 10,000-node models in a fraction of a second and cannot overflow the stack on long
 * chains (dagre and elkjs do both, past a few thousand nodes).
 *
 * 1. Rank: longest path from the sources, in topological order.
 * 2. Order within a rank: barycentre of the neighbours in the rank above, then below (two sweeps).
 * 3. Coordinates: each node placed at the barycentre of its parents' centres, then pushed right
 *    just enough to clear its left neighbour; each rank is then centred on its parents.
 */

export interface LayoutInput {
  /** Width and height of each node. */
  sizes: readonly { width: number; height: number }[];
  /** Edges as [from, to] indices; cycles are tolerated (back edges are ignored for ranking). */
  edges: readonly (readonly [number, number])[];
}

export interface LayoutResult {
  x: Float64Array;
  y: Float64Array;
  width: number;
  height: number;
}

const H_GAP = 36;
const V_GAP = 56;

export function layeredLayout({ sizes, edges }: LayoutInput): LayoutResult {
  return placeLayers(sizes, orderLayers(sizes.length, edges));
}

/**
 * Steps 1 and 2, which depend only on the edges: the part worth caching. Placing (step 3) again
 * with other sizes is cheap, e.g. when a group inside grows because it was opened.
 */
export interface LayerOrder {
  /** Node indices per rank, left to right. */
  layers: number[][];
  parents: number[][];
}

export function orderLayers(n: number, edges: readonly (readonly [number, number])[]): LayerOrder {
  const parents: number[][] = Array.from({ length: n }, () => []);
  const children: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of edges) {
    if (from === to || from < 0 || to < 0 || from >= n || to >= n) continue;
    (children[from] as number[]).push(to);
    (parents[to] as number[]).push(from);
  }
  const rank = rankNodes(n, parents, children);
  return { layers: sortLayers(n, rank, parents, children), parents };
}

/** Step 3: coordinates for nodes of these sizes in this order. */
export function placeLayers(
  sizes: readonly { width: number; height: number }[],
  { layers, parents }: LayerOrder,
): LayoutResult {
  return placeNodes(sizes, layers, parents);
}

/** Longest-path ranks via Kahn's algorithm; nodes on cycles are ranked after their known parents. */
function rankNodes(n: number, parents: number[][], children: number[][]): Int32Array {
  const rank = new Int32Array(n);
  const pending = new Int32Array(n);
  for (let i = 0; i < n; i++) pending[i] = (parents[i] as number[]).length;
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) queue.push(i);
  const done = new Uint8Array(n);
  for (let head = 0; head < n; head++) {
    if (head >= queue.length) {
      // A cycle: release the first node not yet placed.
      const stuck = done.indexOf(0);
      queue.push(stuck);
      pending[stuck] = 0;
    }
    const i = queue[head] as number;
    done[i] = 1;
    for (const c of children[i] as number[]) {
      if (done[c]) continue;
      rank[c] = Math.max(rank[c] as number, (rank[i] as number) + 1);
      pending[c] = (pending[c] as number) - 1;
      if (pending[c] === 0) queue.push(c);
    }
  }
  return rank;
}

function sortLayers(n: number, rank: Int32Array, parents: number[][], children: number[][]): number[][] {
  const layers: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = rank[i] as number;
    while (layers.length <= r) layers.push([]);
    (layers[r] as number[]).push(i);
  }
  const position = new Float64Array(n);
  const renumber = (layer: number[]) => {
    layer.forEach((node, at) => {
      position[node] = at;
    });
  };
  for (const layer of layers) renumber(layer);
  // One buffer for all sweeps: allocating per layer would make long chains quadratic.
  const key = new Float64Array(n);
  const sweep = (from: number, to: number, step: number, neighbours: number[][]) => {
    for (let r = from; r !== to; r += step) {
      const layer = layers[r] as number[];
      for (const node of layer) {
        const ns = neighbours[node] as number[];
        let sum = 0;
        for (const m of ns) sum += position[m] as number;
        key[node] = ns.length > 0 ? sum / ns.length : (position[node] as number);
      }
      layer.sort(
        (a, b) => (key[a] as number) - (key[b] as number) || (position[a] as number) - (position[b] as number),
      );
      renumber(layer);
    }
  };
  sweep(1, layers.length, 1, parents);
  sweep(layers.length - 2, -1, -1, children);
  sweep(1, layers.length, 1, parents);
  return layers;
}

function placeNodes(
  sizes: readonly { width: number; height: number }[],
  layers: number[][],
  parents: number[][],
): LayoutResult {
  const n = sizes.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let top = 0;
  let minX = 0;
  let maxX = 0;
  for (const layer of layers) {
    let rowHeight = 0;
    for (const node of layer) rowHeight = Math.max(rowHeight, (sizes[node] as { height: number }).height);
    // Desired centres: the mean of the parents' centres (or the left neighbour's right edge).
    let cursor = Number.NEGATIVE_INFINITY;
    let desiredSum = 0;
    let placedSum = 0;
    for (const node of layer) {
      const { width } = sizes[node] as { width: number };
      const ps = parents[node] as number[];
      let desired = cursor === Number.NEGATIVE_INFINITY ? 0 : cursor + width / 2;
      if (ps.length > 0) {
        let sum = 0;
        for (const p of ps) sum += (x[p] as number) + (sizes[p] as { width: number }).width / 2;
        desired = sum / ps.length;
      }
      const centre = Math.max(desired, cursor === Number.NEGATIVE_INFINITY ? desired : cursor + width / 2);
      x[node] = centre - width / 2;
      y[node] = top;
      cursor = centre + width / 2 + H_GAP;
      desiredSum += desired;
      placedSum += centre;
    }
    // Pushing right drifts the row; shift it back so that on average nodes sit where they want.
    if (layer.length > 0) {
      const shift = (placedSum - desiredSum) / layer.length;
      for (const node of layer) {
        x[node] = (x[node] as number) - shift;
        minX = Math.min(minX, x[node] as number);
        maxX = Math.max(maxX, (x[node] as number) + (sizes[node] as { width: number }).width);
      }
    }
    top += rowHeight + V_GAP;
  }
  for (let i = 0; i < n; i++) x[i] = (x[i] as number) - minX;
  return { x, y, width: maxX - minX, height: Math.max(0, top - V_GAP) };
}
