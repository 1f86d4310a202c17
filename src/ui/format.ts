export { formatBytes } from '../compare/format.ts';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
