import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layered.ts';

const box = { width: 100, height: 40 };

function chainWithSkips(n: number): [number, number][] {
  const edges: [number, number][] = [];
  for (let i = 1; i < n; i++) edges.push([i - 1, i]);
  for (let i = 0; i + 3 < n; i += 3) edges.push([i, i + 3]);
  return edges;
}

describe('layered layout', () => {
  it('puts every node below the nodes it reads from, with no overlaps in a row', () => {
    const edges: [number, number][] = [
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
      [3, 4],
      [0, 4],
    ];
    const { x, y } = layeredLayout({ sizes: Array(5).fill(box), edges });
    for (const [a, b] of edges) expect(y[b]).toBeGreaterThan(y[a] as number);
    expect(Math.abs((x[1] as number) - (x[2] as number))).toBeGreaterThanOrEqual(box.width);
  });

  it('lays out a 20,000-node chain with skip connections without deep recursion', () => {
    const n = 20_000;
    const edges = chainWithSkips(n);
    const { y, height } = layeredLayout({ sizes: Array(n).fill(box), edges });
    for (const [a, b] of edges) expect((y[b] as number) > (y[a] as number)).toBe(true);
    expect(height).toBeGreaterThan(0);
  });

  it('tolerates cycles in damaged graphs', () => {
    const { x, y } = layeredLayout({
      sizes: Array(3).fill(box),
      edges: [
        [0, 1],
        [1, 2],
        [2, 1],
      ],
    });
    expect([...x, ...y].every(Number.isFinite)).toBe(true);
  });

  it('keeps nodes of one row apart', () => {
    const n = 50;
    const edges: [number, number][] = Array.from({ length: n - 1 }, (_, i) => [0, i + 1]);
    const { x, y } = layeredLayout({ sizes: Array(n).fill(box), edges });
    const row = Array.from({ length: n - 1 }, (_, i) => i + 1).sort((a, b) => (x[a] as number) - (x[b] as number));
    for (let k = 1; k < row.length; k++) {
      expect(y[row[k] as number]).toBe(y[row[0] as number]);
      expect((x[row[k] as number] as number) - (x[row[k - 1] as number] as number)).toBeGreaterThanOrEqual(box.width);
    }
  });
});
