/** The optimizer: passes in a registry, applied to a fixed point in every graph (see optimize.ts for the order). */
export { listPasses, MAX_ROUNDS, optimize } from './optimize.ts';
export { PASSES, selectPasses, UnknownPassError } from './registry.ts';
export type * from './types.ts';
