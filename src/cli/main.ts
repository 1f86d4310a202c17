import { parseArgs } from 'node:util';
import { decodeModel } from '../onnx/index.ts';
import { parseCheckFlags } from './check-flags.ts';
import { inspectCommand, roundtripCommand } from './commands.ts';
import { compareCommand } from './compare.ts';
import { editCommand } from './edit.ts';
import { UsageError } from './errors.ts';
import { describeError, readModelFile } from './files.ts';
import { fuseCommand } from './fuse.ts';
import { readInputSources } from './input-files.ts';
import { loadOnnxRuntime } from './onnxruntime.ts';
import { optimizeCommand } from './optimize.ts';
import { inputSpecs, type ShapeChoices } from './ort-runner.ts';

const USAGE = `usage: bnfold <command> MODEL [options]

commands:
  inspect MODEL [--json]        versions, producer, inputs and outputs, op counts, parameters, side files
  roundtrip MODEL -o OUT        decode and encode with no change (the lossless check)
  fuse MODEL -o OUT             fold BatchNormalization (and per-channel Mul/Add) into convolutions
  optimize MODEL -o OUT         every optimizer pass to a fixed point: constants, no-ops, chains, duplicates,
                                fusions, the Conv/BN folds, dead code; prints what each pass did
  edit MODEL --recipe R -o OUT  apply a recipe of edits (as the page's "Export recipe" writes it: rename,
                                set-input-shape, delete-node, add-output, extract, …); a refused step exits 2
                                with "step N (op): reason"; the output equals the page's download
  compare A B                   run two models on the same inputs with onnxruntime-node and compare every
                                output (matched by name, else by position); exit codes as --verify

fuse options:
  --only ID,...                 apply only these candidates (ids as listed by fuse or --json)
  --json                        print candidates, what was applied and the verification as JSON
  --verify                      run both models with onnxruntime-node on the same seeded random inputs;
                                exit 1 when an output differs beyond atol 1e-4 + rtol 1e-3 (float32),
                                exit 3 (inconclusive, not a pass) when an output is NaN/Inf in both models
  --seed N                      seed of the random inputs (default 1)
  --input-scale S               random float inputs in [-S, S) (default 1; smaller when outputs overflow)
  --dim NAME=N                  size of a symbolic dimension (default: 1 for the first axis, 64 elsewhere)
  --shape INPUT=D,D,...         the whole shape of one input
  --input INPUT=FILE            real data for one input: a .npy file or an ONNX TensorProto .pb file
  --input INPUT=V,V,...         or values (one value fills the input: --input sr=16000)
  --inputs DIR                  an ONNX test_data_set folder: input_N.pb by tensor name, else by position
  --input-initializers-constant treat initializers that are also graph inputs as constants

optimize options (and --json, --verify, --seed, --input-scale, --dim, --shape, --input, --inputs,
  --input-initializers-constant):
  --passes NAME,...             run only these passes
  --skip NAME,...               leave these passes out

edit options (and --json, --verify, --seed, --input-scale, --dim, --shape, --input, --inputs):
  --recipe R.json               the recipe: {"bnfold": 1, "steps": [{"op": …}, …]}; .npy paths in it are
                                relative to the recipe

compare options: --json, --seed, --input-scale, --dim, --shape, --input, --inputs (of A's inputs)

checking (compare, and --verify of fuse and optimize), as Polygraphy writes them:
  --atol [NAME:]V               absolute tolerance for every float output, or for output NAME (repeatable)
  --rtol [NAME:]V               relative tolerance, likewise
  --check-error-stat [NAME:]M   judge by elemwise (default), max, mean, median or quantile of the differences
  --error-quantile Q            the quantile for "quantile" (default 0.99)
  --layers                      also compare every intermediate value both models have (matched by name; a
                                folded conv carries its BN's output name) and name the first one, in
                                topological order, beyond tolerance, with the node that produces it

Bad input prints one line on stderr and exits with code 2.`;

const COMMANDS = new Set(['inspect', 'roundtrip', 'fuse', 'optimize', 'edit', 'compare']);

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        only: { type: 'string' },
        passes: { type: 'string' },
        skip: { type: 'string' },
        verify: { type: 'boolean', default: false },
        seed: { type: 'string', default: '1' },
        'input-scale': { type: 'string', default: '1' },
        dim: { type: 'string', multiple: true, default: [] },
        shape: { type: 'string', multiple: true, default: [] },
        input: { type: 'string', multiple: true, default: [] },
        inputs: { type: 'string' },
        recipe: { type: 'string' },
        'input-initializers-constant': { type: 'boolean', default: false },
        layers: { type: 'boolean', default: false },
        atol: { type: 'string', multiple: true, default: [] },
        rtol: { type: 'string', multiple: true, default: [] },
        'check-error-stat': { type: 'string', multiple: true, default: [] },
        'error-quantile': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // parseArgs explains itself at length; its first sentence is the useful part.
    throw new UsageError(`${(error as Error).message.split('. ')[0]} (try --help)`);
  }
}

function parseShapes(dims: string[], shapes: string[]): ShapeChoices {
  const pair = (text: string, flag: string) => {
    const at = text.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`${flag} takes NAME=VALUE, not "${text}"`);
    return [text.slice(0, at), text.slice(at + 1)] as const;
  };
  const size = (text: string, flag: string) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag}: "${text}" is not a positive size`);
    return n;
  };
  return {
    dims: Object.fromEntries(dims.map((d) => pair(d, '--dim')).map(([k, v]) => [k, size(v, '--dim')])),
    inputs: Object.fromEntries(
      shapes.map((s) => pair(s, '--shape')).map(([k, v]) => [k, v.split(',').map((d) => size(d, '--shape'))]),
    ),
  };
}

/** A comma-separated list, trimmed, empty items dropped. */
function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** --seed and --input-scale, checked. */
function runChoices(seedText = '1', scaleText = '1'): { seed: number; inputScale: number } {
  const seed = Number(seedText);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: "${seedText}" is not an integer`);
  const inputScale = Number(scaleText);
  if (!(Number.isFinite(inputScale) && inputScale > 0)) {
    throw new UsageError(`--input-scale: "${scaleText}" is not a positive number`);
  }
  return { seed, inputScale };
}

/** --input and --inputs, read once; the model's inputs are read only when a folder must be matched to them. */
async function inputSources(model: string, flags: string[], dir: string | undefined) {
  if (flags.length === 0 && !dir) return {};
  const specs = dir ? inputSpecs(decodeModel(await readModelFile(model))) : [];
  return readInputSources(flags, dir, specs);
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, file, ...extra] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command "${command}" (try --help)`);
  if (!file) throw new UsageError(`${command} needs a model file`);
  // `compare` takes a second model; every other command one.
  const second = command === 'compare' ? extra.shift() : undefined;
  if (command === 'compare' && !second) throw new UsageError('compare needs two model files: compare A.onnx B.onnx');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  // Said before any work is done: verifying needs the optional onnxruntime-node.
  if (command === 'compare') await loadOnnxRuntime('compare');
  else if (values.verify) await loadOnnxRuntime('--verify');
  const io = { out: (line: string) => console.log(line) };
  const verifyWith = {
    check: parseCheckFlags({
      atol: values.atol ?? [],
      rtol: values.rtol ?? [],
      stat: values['check-error-stat'] ?? [],
      ...(values['error-quantile'] === undefined ? {} : { quantile: values['error-quantile'] }),
    }),
    layers: values.layers ?? false,
  };
  const output = values.output === undefined ? {} : { output: values.output };
  try {
    switch (command) {
      case 'inspect':
        await inspectCommand(file, { json: values.json ?? false }, io);
        return 0;
      case 'roundtrip':
        await roundtripCommand(file, output, io);
        return 0;
      case 'compare':
        return await compareCommand(
          file,
          second as string,
          {
            json: values.json ?? false,
            ...runChoices(values.seed, values['input-scale']),
            shapes: parseShapes(values.dim ?? [], values.shape ?? []),
            sources: await inputSources(file, values.input ?? [], values.inputs),
            verifyWith,
          },
          io,
        );
      case 'optimize':
        return await optimizeCommand(
          file,
          {
            ...output,
            ...(values.passes ? { passes: list(values.passes) } : {}),
            ...(values.skip ? { skip: list(values.skip) } : {}),
            json: values.json ?? false,
            verify: values.verify ?? false,
            ...runChoices(values.seed, values['input-scale']),
            shapes: parseShapes(values.dim ?? [], values.shape ?? []),
            sources: await inputSources(file, values.input ?? [], values.inputs),
            inputInitializersAreConstant: values['input-initializers-constant'] ?? false,
            verifyWith,
          },
          io,
        );
      case 'edit':
        return await editCommand(
          file,
          {
            ...output,
            ...(values.recipe === undefined ? {} : { recipe: values.recipe }),
            json: values.json ?? false,
            verify: values.verify ?? false,
            ...runChoices(values.seed, values['input-scale']),
            shapes: parseShapes(values.dim ?? [], values.shape ?? []),
            sources: await inputSources(file, values.input ?? [], values.inputs),
          },
          io,
        );
      case 'fuse': {
        const { seed, inputScale } = runChoices(values.seed, values['input-scale']);
        return await fuseCommand(
          file,
          {
            ...output,
            ...(values.only
              ? {
                  only: values.only
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean),
                }
              : {}),
            json: values.json ?? false,
            verify: values.verify ?? false,
            seed,
            inputScale,
            shapes: parseShapes(values.dim ?? [], values.shape ?? []),
            sources: await inputSources(file, values.input ?? [], values.inputs),
            inputInitializersAreConstant: values['input-initializers-constant'] ?? false,
            verifyWith,
          },
          io,
        );
      }
    }
    return 2;
  } catch (error) {
    // Name the file: the user may be running over many.
    throw new UsageError(`${file}: ${describeError(error)}`);
  }
}

// `bnfold fuse … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bnfold: ${describeError(error)}\n`);
    process.exitCode = 2;
  },
);
