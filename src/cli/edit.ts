import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { applyEdit, type EditOp, parseRecipe, recipeFiles, stepLabel } from '../edit/index.ts';
import { isOnnxError, partsSize } from '../onnx/index.ts';
import { type ChangeCommandOptions, changeModelFile } from './change-model-file.ts';
import type { Io } from './commands.ts';
import { UsageError } from './errors.ts';
import { formatBytes } from './format.ts';
import { VERIFY_EXIT_CODE } from './verify.ts';
import { formatVerify } from './verify-text.ts';

export interface EditCommandOptions extends ChangeCommandOptions {
  recipe?: string;
}

/** A step as it ran: its op and what applyEdit said it did. */
interface AppliedStep {
  op: EditOp;
  description: string;
}

/**
 * `edit MODEL --recipe R.json -o OUT`: the recipe's steps applied in order by the same core the
 * page uses, saved by the same rules, so the output is the page's download of the same history,
 * byte for byte. A refused step stops everything with "step N (op): reason" and writes nothing.
 */
export async function editCommand(file: string, options: EditCommandOptions, io: Io): Promise<number> {
  if (!options.output) throw new UsageError('edit needs an output file: -o OUT');
  if (!options.recipe) throw new UsageError('edit needs a recipe: --recipe R.json');
  const output = options.output;
  const { recipe, files } = await readRecipe(options.recipe);
  const applied: AppliedStep[] = [];
  const { originalBytes, parts, elapsedMs, verify } = await changeModelFile(file, { ...options, output }, (input) => {
    let model = input.model;
    let sideFiles: ReadonlyMap<string, Uint8Array> = input.sideFiles;
    recipe.steps.forEach((op, i) => {
      try {
        const result = applyEdit(model, sideFiles, op, { files });
        model = result.model;
        sideFiles = result.sideFiles;
        applied.push({ op, description: result.description });
      } catch (error) {
        if (isOnnxError(error)) throw new UsageError(`${stepLabel(i, op)}: ${error.message}`);
        throw error;
      }
    });
    return { model, sideFiles };
  });
  if (options.json) {
    io.out(JSON.stringify({ file, output, recipe: options.recipe, steps: applied, elapsedMs, verify }, null, 2));
  } else {
    const lines = applied.map((s, i) => `  ${i + 1}. ${s.description}`);
    lines.push(
      `applied ${applied.length} steps of ${basename(options.recipe)} in ${elapsedMs.toFixed(0)} ms; wrote ${output} (${formatBytes(partsSize(parts))}, was ${formatBytes(originalBytes)})`,
    );
    io.out(lines.join('\n'));
    if (verify) io.out(formatVerify(verify));
  }
  return verify ? VERIFY_EXIT_CODE[verify.verdict] : 0;
}

/** The recipe and the .npy files it names, read relative to the recipe's folder. */
async function readRecipe(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the recipe ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let recipe: ReturnType<typeof parseRecipe>;
  try {
    recipe = parseRecipe(text);
  } catch (error) {
    if (isOnnxError(error)) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
  const files = new Map<string, Uint8Array>();
  for (const name of recipeFiles(recipe)) {
    const at = recipe.steps.findIndex((s) => s.op === 'set-initializer' && s.npy === name);
    try {
      files.set(name, new Uint8Array(await readFile(join(dirname(path), name))));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(
        `${path}: ${stepLabel(at, recipe.steps[at])}: cannot read "${name}" beside the recipe (${reason})`,
      );
    }
  }
  return { recipe, files };
}
