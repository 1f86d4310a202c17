/** Model graph → what to draw: nodes, edges, positions, candidate marks. */
export {
  buildFullGraph,
  type FullGraph,
  type InferredDim,
  type InferredValueShapes,
  type Marks,
} from './build-view.ts';
export { buildGraphView, composeView, nestedLayoutOf } from './compose-view.ts';
export { MAX_CHIPS } from './constants.ts';
export { layeredLayout } from './layered.ts';
export type { NestedLayout } from './nested-layout.ts';
export { enclosingGroups, groupId, openSingleChildChains, scopeOf } from './scopes.ts';
export type * from './types.ts';
