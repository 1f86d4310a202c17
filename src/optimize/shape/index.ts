/**
 * Shape inference, static and symbolic, for every graph of a model (If/Loop bodies included).
 *
 *   const shapes = inferShapes(model);
 *   lookupShape(shapes, 'main', 'conv_out')      // { elemType: 1, dims: ['batch', 64, 56, 56] }
 *   lookupConstant(shapes, 'main', 'shape_out')  // a ConstTensor when the content is known
 *
 * Graph paths follow src/fusion/scope.ts ("main", "main/If_0.then_branch").
 */
export { type InferOptions, inferShapes, lookupConstant, lookupShape, lookupSymbolic } from './infer.ts';
export type { Dim, InferredShapes, SymbolicValue, ValueShape } from './types.ts';
