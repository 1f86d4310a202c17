import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyEdit, type EditOp } from '../src/edit/index.ts';
import { ModelBuilder } from '../src/fixtures/builder.ts';
import { buildEditableClassifier } from '../src/fixtures/edit-models.ts';
import { buildIfConvBn } from '../src/fixtures/fusion-models.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { buildIr3Initializers } from '../src/fixtures/optimize-models.ts';
import { DataType, encodeModel, isOnnxError, type OnnxErrorCode } from '../src/onnx/index.ts';
import { encodeNpy } from '../src/onnx/npy.ts';
import type { ModelProto } from '../src/onnx/types.ts';

/**
 * Every reason an edit is refused, one row each: the code, a sentence naming what breaks, and
 * the model exactly as it was (its encoded bytes hash the same before and after).
 */
interface Refusal {
  reason: string;
  build: () => ModelProto;
  /** Typed loosely on purpose: some rows are ops the type system would reject (they come from files). */
  op: object;
  files?: Record<string, Uint8Array>;
  code: OnnxErrorCode;
  message: RegExp;
}

/** Two nameless Relus and two named "twin": references by index and ambiguity. */
function buildTwins(): ModelProto {
  const b = new ModelBuilder();
  const x = b.input('x', 'float32', [1, 2]);
  const a = b.op('Relu', [x], { name: 'twin' });
  const c = b.op('Relu', [a], { name: 'twin' });
  b.op('Relu', [c], { name: '', output: 'y' });
  b.output('y', 'float32', [1, 2]);
  return b.build();
}

const npy = (dataType: number, dims: number[], bytes: number) =>
  encodeNpy({ dataType, dims, data: new Uint8Array(bytes) });

const REFUSALS: Refusal[] = [
  {
    reason: 'an unknown op',
    build: buildEditableClassifier,
    op: { op: 'explode' },
    code: 'EDIT_INVALID',
    message: /"explode" is not an edit: the edits are fuse, fuse-all/,
  },
  {
    reason: 'a field the op lacks',
    build: buildEditableClassifier,
    op: { op: 'delete-node', node: 'act', downStream: true },
    code: 'EDIT_INVALID',
    message: /delete-node has no field "downStream"/,
  },
  {
    reason: 'a missing field',
    build: buildEditableClassifier,
    op: { op: 'rename', value: 'image' },
    code: 'EDIT_INVALID',
    message: /rename needs "to" \(a string\)/,
  },
  {
    reason: 'a field of the wrong type',
    build: buildEditableClassifier,
    op: { op: 'delete-node', node: 3 },
    code: 'EDIT_INVALID',
    message: /"node" must be a string/,
  },
  {
    reason: 'a node name the graph lacks',
    build: buildEditableClassifier,
    op: { op: 'delete-node', node: 'nope' },
    code: 'EDIT_NOT_FOUND',
    message: /no node named "nope"/,
  },
  {
    reason: 'a node index past the end',
    build: buildEditableClassifier,
    op: { op: 'delete-node', node: '#6' },
    code: 'EDIT_NOT_FOUND',
    message: /no node #6: the main graph has 6 nodes \(#0 to #5\)/,
  },
  {
    reason: 'a name two nodes share',
    build: buildTwins,
    op: { op: 'set-attribute', node: 'twin', name: 'x', value: 1, type: 'int' },
    code: 'EDIT_INVALID',
    message: /2 nodes are named "twin"; name the one you mean by its index \(#0, #1\)/,
  },
  {
    reason: 'deleting a node another node reads',
    build: buildEditableClassifier,
    op: { op: 'delete-node', node: 'act' },
    code: 'EDIT_REFUSED',
    message:
      /Node "act" \(LeakyRelu\) cannot be deleted: node "pool" \(GlobalAveragePool\) still reads its output "act_out"/,
  },
  {
    reason: 'deleting a node by index another reads',
    build: buildTwins,
    op: { op: 'delete-node', node: '#1' },
    code: 'EDIT_REFUSED',
    message: /node #2 \(Relu\) still reads/,
  },
  {
    reason: 'deleting what computes every output',
    build: buildEditableClassifier,
    op: { op: 'delete-node', node: 'stem', downstream: true },
    code: 'EDIT_REFUSED',
    message: /would leave the model without outputs: it computes "probs"/,
  },
  {
    reason: 'removing the last output',
    build: buildEditableClassifier,
    op: { op: 'remove-output', value: 'probs' },
    code: 'EDIT_REFUSED',
    message: /only output/,
  },
  {
    reason: 'removing a value that is no output',
    build: buildEditableClassifier,
    op: { op: 'remove-output', value: 'logits' },
    code: 'EDIT_NOT_FOUND',
    message: /"logits" is not a graph output \(the outputs are "probs"\)/,
  },
  {
    reason: 'adding an output twice',
    build: buildEditableClassifier,
    op: { op: 'add-output', value: 'probs' },
    code: 'EDIT_INVALID',
    message: /already a graph output/,
  },
  {
    reason: 'adding an output the graph lacks',
    build: buildEditableClassifier,
    op: { op: 'add-output', value: 'ghost' },
    code: 'EDIT_NOT_FOUND',
    message: /no value "ghost"/,
  },
  {
    reason: 'renaming onto a taken name',
    build: buildEditableClassifier,
    op: { op: 'rename', value: 'act_out', to: 'logits' },
    code: 'EDIT_REFUSED',
    message: /cannot be renamed to "logits": the model already has a value of that name/,
  },
  {
    reason: 'renaming onto a name a subgraph defines',
    build: () => buildIfConvBn(),
    op: { op: 'rename', value: 'x', to: 'else_out' },
    code: 'EDIT_REFUSED',
    message: /already has a value of that name/,
  },
  {
    reason: 'renaming to an empty name',
    build: buildEditableClassifier,
    op: { op: 'rename', value: 'image', to: '' },
    code: 'EDIT_INVALID',
    message: /empty name/,
  },
  {
    reason: 'a shape of another rank',
    build: buildEditableClassifier,
    op: { op: 'set-input-shape', input: 'image', dims: [1, 3, 8] },
    code: 'EDIT_INVALID',
    message: /rank 4; give 4 dims, not 3/,
  },
  {
    reason: 'a negative dim',
    build: buildEditableClassifier,
    op: { op: 'set-input-shape', input: 'image', dims: [-1, 3, 8, 8] },
    code: 'EDIT_INVALID',
    message: /Dim 0 of "image" is -1/,
  },
  {
    reason: 'a shape for a value that is no input',
    build: buildEditableClassifier,
    op: { op: 'set-input-shape', input: 'act_out', dims: [1] },
    code: 'EDIT_NOT_FOUND',
    message: /not a graph input \(the inputs are "image"\)/,
  },
  {
    reason: 'a shape for a weight listed as an input (IR 3)',
    build: buildIr3Initializers,
    op: { op: 'set-input-shape', input: 'k1', dims: [4] },
    code: 'EDIT_REFUSED',
    message: /is a weight/,
  },
  {
    reason: 'an attribute value of the wrong type',
    build: buildEditableClassifier,
    op: { op: 'set-attribute', node: 'act', name: 'alpha', value: 'big' },
    code: 'EDIT_INVALID',
    message: /Attribute "alpha" is float: its value must be a number/,
  },
  {
    reason: 'an attribute type that disagrees with the stored one',
    build: buildEditableClassifier,
    op: { op: 'set-attribute', node: 'flatten', name: 'axis', value: 1.5, type: 'float' },
    code: 'EDIT_INVALID',
    message: /is int, not float/,
  },
  {
    reason: 'a new attribute without its type',
    build: buildEditableClassifier,
    op: { op: 'set-attribute', node: 'stem', name: 'strides', value: [2, 2] },
    code: 'EDIT_INVALID',
    message: /has no attribute "strides"; a new attribute needs its type/,
  },
  {
    reason: 'a graph attribute',
    build: () => buildIfConvBn(),
    op: { op: 'set-attribute', node: '/if/If', name: 'then_branch', value: 1 },
    code: 'EDIT_REFUSED',
    message: /holds a graph/,
  },
  {
    reason: 'an int attribute past 2^53',
    build: buildEditableClassifier,
    op: { op: 'set-attribute', node: 'flatten', name: 'axis', value: 2 ** 60 },
    code: 'EDIT_INVALID',
    message: /must be an integer/,
  },
  {
    reason: 'a tensor attribute whose dims and values disagree',
    build: buildEditableClassifier,
    op: {
      op: 'set-attribute',
      node: 'act',
      name: 'extra',
      type: 'tensor',
      value: { dtype: 'int64', dims: [2], values: [1] },
    },
    code: 'EDIT_INVALID',
    message: /dims \[2\] need 2 values, 1 given/,
  },
  {
    reason: 'a .npy of another dtype',
    build: buildEditableClassifier,
    op: { op: 'set-initializer', name: 'stem.bias', npy: 'b.npy' },
    files: { 'b.npy': npy(DataType.DOUBLE, [4], 32) },
    code: 'EDIT_REFUSED',
    message: /"stem.bias" is float32 4 but "b.npy" holds float64 4/,
  },
  {
    reason: 'a .npy of another shape',
    build: buildEditableClassifier,
    op: { op: 'set-initializer', name: 'stem.bias', npy: 'b.npy' },
    files: { 'b.npy': npy(DataType.FLOAT, [2, 2], 16) },
    code: 'EDIT_REFUSED',
    message: /holds float32 2×2: save it with that dtype and shape, or replace with reshape/,
  },
  {
    reason: 'a .npy file not given',
    build: buildEditableClassifier,
    op: { op: 'set-initializer', name: 'stem.bias', npy: 'b.npy' },
    code: 'EDIT_INVALID',
    message: /The file "b.npy" for "stem.bias" was not given/,
  },
  {
    reason: 'a file that is not .npy',
    build: buildEditableClassifier,
    op: { op: 'set-initializer', name: 'stem.bias', npy: 'b.npy' },
    files: { 'b.npy': new Uint8Array([1, 2, 3]) },
    code: 'NPY_INVALID',
    message: /^"b.npy": Not a valid .npy file/,
  },
  {
    reason: 'a .npy path climbing out of the recipe folder',
    build: buildEditableClassifier,
    op: { op: 'set-initializer', name: 'stem.bias', npy: '../b.npy' },
    code: 'EDIT_INVALID',
    message: /relative to the recipe/,
  },
  {
    reason: 'replacing a value that is no initializer',
    build: buildEditableClassifier,
    op: { op: 'set-initializer', name: 'act_out', npy: 'b.npy' },
    code: 'EDIT_NOT_FOUND',
    message: /"act_out" is computed by node act, not stored as an initializer/,
  },
  {
    reason: 'an extract whose inputs leave a hole',
    build: buildEditableClassifier,
    op: { op: 'extract', inputs: ['pooled'], outputs: ['probs', 'act_out'] },
    code: 'EDIT_REFUSED',
    message:
      /node "stem" \(Conv\) reads "image", which is neither one of the inputs \("pooled"\) nor computed from them\. Add "image" to the inputs/,
  },
  {
    reason: 'an extract output nothing computes',
    build: buildEditableClassifier,
    op: { op: 'extract', inputs: ['act_out'], outputs: ['features', 'image'] },
    code: 'EDIT_REFUSED',
    message: /This edit would break the model: In the main graph, the graph output "image" is not written/,
  },
  {
    reason: 'an extract naming a value twice',
    build: buildEditableClassifier,
    op: { op: 'extract', inputs: ['act_out', 'act_out'], outputs: ['features'] },
    code: 'EDIT_INVALID',
    message: /named twice among the inputs/,
  },
  {
    reason: 'an extract without inputs',
    build: buildEditableClassifier,
    op: { op: 'extract', inputs: [], outputs: ['features'] },
    code: 'EDIT_INVALID',
    message: /at least one input/,
  },
  {
    reason: 'fusing an id no candidate has',
    build: () => buildConvBn(),
    op: { op: 'fuse', ids: ['conv-bn:nope'] },
    code: 'NOTHING_TO_FUSE',
    message: /Nothing was fused: No candidate has this id/,
  },
  {
    reason: 'fuse-all with nothing fusible',
    build: buildEditableClassifier,
    op: { op: 'fuse-all' },
    code: 'NOTHING_TO_FUSE',
    message: /no fusible candidate is left/,
  },
  {
    reason: 'an optimizer pass that does not exist',
    build: buildEditableClassifier,
    op: { op: 'optimize', passes: ['warp'] },
    code: 'UNKNOWN_PASS',
    message: /warp/,
  },
  {
    reason: 'an optimize that finds nothing',
    build: buildEditableClassifier,
    op: { op: 'optimize', passes: ['no-ops'] },
    code: 'NOTHING_TO_OPTIMIZE',
    message: /found nothing to change/,
  },
];

const hash = (model: ModelProto) => createHash('sha256').update(encodeModel(model)).digest('hex');

describe('refused edits: a typed reason with a sentence, the model unchanged', () => {
  it.each(REFUSALS)('$reason: $code', ({ build, op, files, code, message }) => {
    const model = build();
    const before = hash(model);
    let error: unknown;
    try {
      applyEdit(model, new Map(), op as EditOp, { files: new Map(Object.entries(files ?? {})) });
    } catch (caught) {
      error = caught;
    }
    if (!isOnnxError(error)) throw new Error(`not refused with an OnnxError: ${String(error)}`);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(hash(model)).toBe(before);
  });
});
