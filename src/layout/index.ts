/** Model graph → what to draw: nodes, edges, positions, candidate marks. */
export { buildGraphView, type Marks, type Positions } from './build-view.ts';
export { MAX_CHIPS } from './constants.ts';
export { layeredLayout } from './layered.ts';
export { enclosingGroups, groupId, openSingleChildChains, scopeOf } from './scopes.ts';
export type * from './types.ts';
