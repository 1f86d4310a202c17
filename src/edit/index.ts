/** The editor's core: typed edit ops, applied purely (check + rewrite, or a refusal with a reason), and recipes. */
export { applyEdit } from './apply.ts';
export { describeEdit } from './describe.ts';
export { describeFusion, fusionChanges } from './fuse.ts';
export { initializerNpy } from './initializer-npy.ts';
export { describeOptimize } from './optimize.ts';
export { formatRecipe, MAX_RECIPE_STEPS, parseRecipe, recipeFiles, stepLabel } from './recipe.ts';
export { findNode, nodeRef } from './refs.ts';
export type * from './result.ts';
export type * from './types.ts';
export { EDIT_OP_NAMES, isRelativePath, validateOp } from './validate.ts';
