/**
 * What the page is shown of a model, worked out off the main thread: which groups are open and
 * drawn (view state), the marks of candidates and fusions, and a node's details for the inspector.
 */
export { marksFor } from './marks.ts';
export { nodeDetails } from './node-details.ts';
export type { NodeDetails, TensorStats } from './types.ts';
export {
  AUTO_LAYOUT_LIMIT,
  OPEN_COLLAPSED_ABOVE,
  type StepGraph,
  tidied,
  ViewState,
} from './view-state.ts';
