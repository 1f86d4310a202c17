/**
 * The fused bytes, pinned: hashes of every tensor and of the encoded model after `applyAll`, for
 * the case table's fixtures in every dtype and storage and for the PaddleOCR models. The hashes
 * were computed by the fold as it was before it learned to work in place (commit "Test: pin the
 * fused bytes…"); a faster fold must give the very same bytes, not merely close ones.
 */
import { createHash, type Hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FloatDType } from '../src/fixtures/builder.ts';
import {
  buildBlockedConvBn,
  buildBnConv,
  buildConvBnAdd,
  buildConvBnDefaultEpsilon,
  buildConvMulAdd,
  buildGemmBn,
  buildIdentityWeights,
  buildIfConvBn,
  buildSeedChain,
  buildSharedConvOutput,
  buildSharedWeight,
} from '../src/fixtures/fusion-models.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { applyAll, type FusionOptions } from '../src/fusion/index.ts';
import { decodeModel, encodeModel, listTensors, writeExternalBytes } from '../src/onnx/index.ts';
import type { ModelProto, TensorProto } from '../src/onnx/types.ts';
import { REAL_MODEL_FILES, readRealModel } from './helpers/real-models.ts';

interface Row {
  name: string;
  build: () => ModelProto;
  options?: FusionOptions;
  /** Initializers moved to the side file "weights.bin" before fusing. */
  external?: boolean;
}

const DTYPES: FloatDType[] = ['float32', 'float16', 'bfloat16', 'float64'];

/** The case table's fixtures (test/fusion-cases.test.ts), and each dtype in each storage. */
const ROWS: Row[] = [
  ...DTYPES.flatMap((dtype): Row[] => [
    { name: `Conv→BN ${dtype} raw`, build: () => buildConvBn({ dtype, seed: 31 }) },
    { name: `Conv→BN ${dtype} typed`, build: () => buildConvBn({ dtype, storage: 'typed', seed: 32 }) },
    { name: `Conv→BN ${dtype} no bias`, build: () => buildConvBn({ dtype, bias: false, seed: 33 }) },
    {
      name: `ConvTranspose→BN ${dtype} grouped`,
      build: () => buildConvBn({ dtype, transpose: true, groups: 3, inChannels: 6, outChannels: 9, seed: 34 }),
    },
    {
      name: `depthwise Conv→BN ${dtype} typed`,
      build: () => buildConvBn({ dtype, groups: 6, inChannels: 6, outChannels: 6, storage: 'typed', seed: 35 }),
    },
    { name: `Conv→BN ${dtype} external`, build: () => buildConvBn({ dtype, seed: 36 }), external: true },
    {
      name: `Conv→BN ${dtype} in Constant nodes`,
      build: () => buildConvBn({ dtype, weights: 'constant', seed: 37 }),
    },
  ]),
  { name: 'Conv→BN', build: () => buildConvBn() },
  { name: 'grouped Conv→BN (groups 2)', build: () => buildConvBn({ groups: 2, bias: false }) },
  {
    name: 'grouped Conv→BN with channel multiplier',
    build: () => buildConvBn({ groups: 3, inChannels: 3, outChannels: 9 }),
  },
  { name: '1-D Conv→BN', build: () => buildConvBn({ spatialDims: 1 }) },
  { name: '3-D Conv→BN', build: () => buildConvBn({ spatialDims: 3, spatialSize: 5 }) },
  { name: 'ConvTranspose→BN', build: () => buildConvBn({ transpose: true }) },
  { name: '1-D ConvTranspose→BN groups 2', build: () => buildConvBn({ transpose: true, groups: 2, spatialDims: 1 }) },
  {
    name: 'Conv→BN float16 typed fields',
    build: () => buildConvBn({ storage: 'typed', dtype: 'float16', bias: false }),
  },
  { name: 'weights behind Identity (torch)', build: () => buildConvBn({ weights: 'identity' }) },
  { name: 'IR 3: initializers listed as inputs', build: () => buildConvBn({ irVersion: 3, opset: 8 }) },
  { name: 'custom epsilon', build: () => buildConvBn({ epsilon: 0.1 }) },
  { name: 'BN without epsilon attribute', build: () => buildConvBnDefaultEpsilon() },
  { name: 'weight behind a chain of two Identities', build: () => buildIdentityWeights('chain') },
  { name: 'one Identity feeds two convs, both fused', build: () => buildIdentityWeights('shared-both-fused') },
  { name: 'one Identity feeds two convs, one fused', build: () => buildIdentityWeights('shared-one-fused') },
  { name: 'seed chain', build: () => buildSeedChain() },
  { name: 'shared weight and shared BN parameters', build: () => buildSharedWeight({ secondFusible: true }) },
  { name: 'shared weight, second pair blocked', build: () => buildSharedWeight({ secondFusible: false }) },
  { name: 'Conv→BN inside If', build: () => buildIfConvBn() },
  { name: 'ResNet-like sample', build: () => buildResNetLike() },
  { name: 'ResNet-like sample external', build: () => buildResNetLike(), external: true },
  { name: 'Conv→Mul [C,1,1]→Add [1,C,1,1]', build: () => buildConvMulAdd([4, 1, 1], [1, 4, 1, 1]) },
  { name: 'Conv→Mul scalar', build: () => buildConvMulAdd([], undefined) },
  { name: 'Conv→Add [C,1,1]', build: () => buildConvMulAdd(undefined, [4, 1, 1]) },
  { name: 'Conv→BN→Add, weight folded twice', build: () => buildConvBnAdd() },
  { name: 'Conv→BN→hardswish', build: () => buildSharedConvOutput('bn-hardswish') },
  { name: 'BN→Conv 1×1', build: () => buildBnConv({ padded: false, kernel: 1 }) },
  { name: 'BN→Conv 3×3 unpadded, grouped', build: () => buildBnConv({ padded: false, groups: 2 }) },
  { name: 'Gemm→BN with C', build: () => buildGemmBn({ op: 'Gemm', c: 'vector' }) },
  { name: 'Gemm(transB)→BN with matrix C', build: () => buildGemmBn({ op: 'Gemm', transB: true, c: 'matrix' }) },
  { name: 'Gemm→BN without C', build: () => buildGemmBn({ op: 'Gemm', c: 'none' }) },
  { name: 'MatMul→BN, 2-D input', build: () => buildGemmBn({ op: 'MatMul', inputRank: 2 }) },
  {
    name: 'weight initializer is also a graph input, treated as constant',
    build: () => buildBlockedConvBn('input-initializer'),
    options: { inputInitializersAreConstant: true },
  },
  { name: 'opset 7 BN (IR 3)', build: () => buildConvBn({ opset: 7, irVersion: 3 }) },
];

/** Computed by the fold before it worked in place: [tensors, encoded model, side files]. */
const EXPECTED: Record<string, readonly [string, string, string]> = {
  'Conv→BN float32 raw': ['6e5fe5ff522afe8c', 'f0e9d6d157c3259f', 'e3b0c44298fc1c14'],
  'Conv→BN float32 typed': ['b6691ea4081196fd', '5c35b21557ae1934', 'e3b0c44298fc1c14'],
  'Conv→BN float32 no bias': ['d3b2f64afc4eaaae', 'd138b3a970ad420f', 'e3b0c44298fc1c14'],
  'ConvTranspose→BN float32 grouped': ['bcaf942ea1044d9e', 'fd7f12d02718a43d', 'e3b0c44298fc1c14'],
  'depthwise Conv→BN float32 typed': ['ac8c4c8531920511', '30ca46288cc18d6b', 'e3b0c44298fc1c14'],
  'Conv→BN float32 external': ['7843a96f0cea171e', '3ed67b3b8f18b1dc', '4eafab92fac02f2d'],
  'Conv→BN float32 in Constant nodes': ['d0ccc2d4cd2ce136', '9d4c0b82e21a6ac4', 'e3b0c44298fc1c14'],
  'Conv→BN float16 raw': ['ce4004b3947c778f', '48d0cf6e1c95b720', 'e3b0c44298fc1c14'],
  'Conv→BN float16 typed': ['6baa006510e92364', 'd477fad163a685e0', 'e3b0c44298fc1c14'],
  'Conv→BN float16 no bias': ['6ba160390355b66d', '47d2244ae64c374a', 'e3b0c44298fc1c14'],
  'ConvTranspose→BN float16 grouped': ['c390a48bb5b596cb', '1360b218e4684d59', 'e3b0c44298fc1c14'],
  'depthwise Conv→BN float16 typed': ['8c54a8d67769e7a1', 'ccab43854cd54ea3', 'e3b0c44298fc1c14'],
  'Conv→BN float16 external': ['cbc50cb243207df7', '33eca1bd8734bfc7', '332256fa4264fb56'],
  'Conv→BN float16 in Constant nodes': ['7fad5c47dc275384', '5bf74cc52c53851b', 'e3b0c44298fc1c14'],
  'Conv→BN bfloat16 raw': ['9bd80abe69ab1497', 'a524d2fcb66b5dd8', 'e3b0c44298fc1c14'],
  'Conv→BN bfloat16 typed': ['4a024894ad8763a0', '178dcade41b7eef8', 'e3b0c44298fc1c14'],
  'Conv→BN bfloat16 no bias': ['5061c6de9a3903a6', '5d2a79171a5e9a5c', 'e3b0c44298fc1c14'],
  'ConvTranspose→BN bfloat16 grouped': ['7f37fbb5959632d3', '99da2a4aa88e8a94', 'e3b0c44298fc1c14'],
  'depthwise Conv→BN bfloat16 typed': ['2e059f5c17337465', 'fc0fe4855f702141', 'e3b0c44298fc1c14'],
  'Conv→BN bfloat16 external': ['b778807dd070c297', '78dd7fbe55840760', '9373353826ccae90'],
  'Conv→BN bfloat16 in Constant nodes': ['bf1faf27918a8dec', 'e61f1ddd3efa6de7', 'e3b0c44298fc1c14'],
  'Conv→BN float64 raw': ['685a58cd18e4fe3a', 'f3d4663ddd0a02c3', 'e3b0c44298fc1c14'],
  'Conv→BN float64 typed': ['25fcc7aca18cdc2d', '1656880d6596facb', 'e3b0c44298fc1c14'],
  'Conv→BN float64 no bias': ['afbf0a04e8f89bdf', '9d427f08ead54c16', 'e3b0c44298fc1c14'],
  'ConvTranspose→BN float64 grouped': ['ca65ab82fb67c06d', '7b06eee4192eaa8e', 'e3b0c44298fc1c14'],
  'depthwise Conv→BN float64 typed': ['46720047e4e1429c', '8a361b9bb3438a1c', 'e3b0c44298fc1c14'],
  'Conv→BN float64 external': ['005fe403205adce5', 'eb4332f616e4cc2b', '271d054ce23384df'],
  'Conv→BN float64 in Constant nodes': ['1e3535efcb953ab6', '10d222542b78b51b', 'e3b0c44298fc1c14'],
  'Conv→BN': ['8583e2092466ae87', 'c87b96bc3528ab3d', 'e3b0c44298fc1c14'],
  'grouped Conv→BN (groups 2)': ['28029e8ac474905f', '50bc4b63c2bc62c3', 'e3b0c44298fc1c14'],
  'grouped Conv→BN with channel multiplier': ['70a67033f38d152b', 'a260d9fdf7a5e876', 'e3b0c44298fc1c14'],
  '1-D Conv→BN': ['271f2c5d1bb9d27f', '13e7efbd7969acf6', 'e3b0c44298fc1c14'],
  '3-D Conv→BN': ['174b09321822c06e', 'a56467ecf7b7398e', 'e3b0c44298fc1c14'],
  'ConvTranspose→BN': ['c38a77f24230e1ff', '679446bad4d0f5c9', 'e3b0c44298fc1c14'],
  '1-D ConvTranspose→BN groups 2': ['118e18661cccc694', '6fe1f4b19f4b90f1', 'e3b0c44298fc1c14'],
  'Conv→BN float16 typed fields': ['fe3412fa09f2af36', '41e8641f1413296c', 'e3b0c44298fc1c14'],
  'weights behind Identity (torch)': ['d4dacddc59e2ab1d', '7d535aa06121a502', 'e3b0c44298fc1c14'],
  'IR 3: initializers listed as inputs': ['8583e2092466ae87', 'e50f4bcfe639c140', 'e3b0c44298fc1c14'],
  'custom epsilon': ['f7e7f44cd2245cd6', 'be389c7aaa4891ee', 'e3b0c44298fc1c14'],
  'BN without epsilon attribute': ['ae4132d0cbd269e7', '81a1c4283b25dc0e', 'e3b0c44298fc1c14'],
  'weight behind a chain of two Identities': ['054a82292ab0a04c', '51d65b56c5e2da0c', 'e3b0c44298fc1c14'],
  'one Identity feeds two convs, both fused': ['ed421a98b7622c16', 'd753f6701b70af84', 'e3b0c44298fc1c14'],
  'one Identity feeds two convs, one fused': ['2902309ced28b927', 'c176713ccf072c55', 'e3b0c44298fc1c14'],
  'seed chain': ['99a351bf0d8cbeec', 'ff552d5b9294df81', 'e3b0c44298fc1c14'],
  'shared weight and shared BN parameters': ['53f8ea1a07ede5a7', '7dd2ffe22cb2f578', 'e3b0c44298fc1c14'],
  'shared weight, second pair blocked': ['bb71d21beb620ffd', 'ff38e31a4f49e758', 'e3b0c44298fc1c14'],
  'Conv→BN inside If': ['56136dedf6f8f3c1', '927b10a9094647ba', 'e3b0c44298fc1c14'],
  'ResNet-like sample': ['395b943050f32b8f', '1094c6eb97824356', 'e3b0c44298fc1c14'],
  'ResNet-like sample external': ['ae8fa0c145a9530e', '8bd30d0b80303059', '9c277f7b731c9fd5'],
  'Conv→Mul [C,1,1]→Add [1,C,1,1]': ['e6795d6585919a4e', 'acff6000a854d89d', 'e3b0c44298fc1c14'],
  'Conv→Mul scalar': ['d939f508dac588b8', '3b3a779076d99e46', 'e3b0c44298fc1c14'],
  'Conv→Add [C,1,1]': ['7a8c0a43f652820b', '0cf2fc475178e200', 'e3b0c44298fc1c14'],
  'Conv→BN→Add, weight folded twice': ['921c174dfb4cb847', '566e00b13d12d168', 'e3b0c44298fc1c14'],
  'Conv→BN→hardswish': ['e76610022c61707e', '8eda900056de3e51', 'e3b0c44298fc1c14'],
  'BN→Conv 1×1': ['dfca88b67c6067ab', 'cdd079f77acd9910', 'e3b0c44298fc1c14'],
  'BN→Conv 3×3 unpadded, grouped': ['b5b5c42edb27d872', 'c6100de5878c4ea3', 'e3b0c44298fc1c14'],
  'Gemm→BN with C': ['98f085bc495817bd', '6240cea3ea03f29f', 'e3b0c44298fc1c14'],
  'Gemm(transB)→BN with matrix C': ['3f7fda37c2d51d52', '851038dd920859bf', 'e3b0c44298fc1c14'],
  'Gemm→BN without C': ['fe63a6e638a91234', 'f0eccf12e19894ac', 'e3b0c44298fc1c14'],
  'MatMul→BN, 2-D input': ['c4dad3dac2f6360c', 'b7b1044d50dbd8ef', 'e3b0c44298fc1c14'],
  'weight initializer is also a graph input, treated as constant': [
    'c45463406534dea5',
    '71374878f8f52a71',
    'e3b0c44298fc1c14',
  ],
  'opset 7 BN (IR 3)': ['8583e2092466ae87', '4ddf56ce664493d5', 'e3b0c44298fc1c14'],
  'ch_ppocr_mobile_v2.0_cls_infer.onnx': ['7ada18df90a99e35', '28135ce651e32ead', 'e3b0c44298fc1c14'],
  'ch_PP-OCRv4_det_infer.onnx': ['ac1c280a7500dc70', '38e0d32d4023e4e4', 'e3b0c44298fc1c14'],
  'ch_PP-OCRv4_rec_infer.onnx': ['2ed253a910df19d0', '791f3983067167fc', 'e3b0c44298fc1c14'],
};

function bytesOf(values: readonly number[] | null | undefined, kind: 'f32' | 'f64' | 'i32'): Uint8Array {
  const list = values ?? [];
  const typed =
    kind === 'f32' ? Float32Array.from(list) : kind === 'f64' ? Float64Array.from(list) : Int32Array.from(list);
  return new Uint8Array(typed.buffer);
}

function addTensor(hash: Hash, tensor: TensorProto): void {
  hash.update(`${tensor.name ?? ''}|${tensor.dataType ?? 0}|${(tensor.dims ?? []).join(',')}|`);
  hash.update(`${JSON.stringify(tensor.externalData ?? [])}|${tensor.dataLocation ?? 0}|`);
  hash.update(tensor.rawData ?? new Uint8Array(0));
  hash.update(bytesOf(tensor.floatData, 'f32'));
  hash.update(bytesOf(tensor.doubleData, 'f64'));
  hash.update(bytesOf(tensor.int32Data, 'i32'));
}

const short = (hash: Hash) => hash.digest('hex').slice(0, 16);

/** [every tensor's bytes, the encoded model, the side files] after applyAll, each as a short sha256. */
function fusedHashes(model: ModelProto, options: FusionOptions = {}): [string, string, string] {
  const { model: fused, sideFiles } = applyAll(model, options);
  const tensors = createHash('sha256');
  for (const { tensor } of listTensors(fused)) addTensor(tensors, tensor);
  const files = createHash('sha256');
  for (const name of [...sideFiles.keys()].sort()) {
    files.update(`${name}|`);
    files.update(sideFiles.get(name) as Uint8Array);
  }
  return [short(tensors), short(createHash('sha256').update(encodeModel(fused))), short(files)];
}

function withSideFile(model: ModelProto): FusionOptions {
  const files = new Map<string, Uint8Array>();
  for (const t of model.graph?.initializer ?? []) writeExternalBytes(t, t.rawData as Uint8Array, files, 'weights.bin');
  return { sideFiles: files };
}

describe.each([
  ['into new memory', false],
  // The CLI's way: weights only the folded node reads are rewritten where they are stored.
  ['overwriting the input', true],
])('fused bytes are pinned, %s', (_how, overwriteInput) => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (name, row) => {
    // As built, not through the codec: the builders' attributes are float64 numbers (epsilon
    // 1e-5), which a file would round to float32. PaddleOCR's raw_data sit at any offset.
    const model = row.build();
    const options = row.external ? withSideFile(model) : (row.options ?? {});
    expect(fusedHashes(model, { ...options, overwriteInput })).toEqual(EXPECTED[name]);
  });

  it.each(REAL_MODEL_FILES.map((f) => [f]))('PaddleOCR %s', (file) => {
    expect(fusedHashes(decodeModel(readRealModel(file)), { overwriteInput })).toEqual(EXPECTED[file]);
  });
});

describe('overwriting the input', () => {
  it('rewrites a weight only its conv reads where it is stored, and never without being asked', () => {
    const file = encodeModel(buildResNetLike());
    const untouched = file.slice();
    const weightBytes = (model: ModelProto, name: string) =>
      model.graph?.initializer?.find((t) => t.name === name)?.rawData as Uint8Array;

    const fused = 'stem.conv.weight_fused';

    const fresh = applyAll(decodeModel(file)).model;
    expect(file).toEqual(untouched);
    expect(weightBytes(fresh, fused).buffer).not.toBe(file.buffer);

    const overwritten = applyAll(decodeModel(file), { overwriteInput: true }).model;
    expect(weightBytes(overwritten, fused).buffer).toBe(file.buffer);
    expect(weightBytes(overwritten, fused)).toEqual(weightBytes(fresh, fused));
    expect(file).not.toEqual(untouched);
  });
});
