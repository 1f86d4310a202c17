import { type FusionCandidate, findFusions } from '../fusion/index.ts';
import type { InferredValueShapes } from '../layout/index.ts';
import { type ModelSummary, requiredSideFiles, summarizeModel } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import { inferShapes } from '../optimize/shape/index.ts';
import type { LeftCandidate } from '../optimize/types.ts';
import { optimizerPreview } from './optimize-step.ts';

/**
 * Largest main graph whose edges get inferred shape labels. Inference costs about as much as
 * building the view (some 40–90 ms for 10,000 nodes here) and grows with the model; past this,
 * the edges keep the shapes the file declares, so opening stays prompt.
 */
export const SHAPE_LABEL_NODE_LIMIT = 100_000;

/**
 * What the page is told about a step's model, found once per model object: a step's model never
 * changes (every edit makes a new one), so its candidates, summary, side files and inferred
 * shapes are not worked out again for every snapshot (every toggle, undo and re-layout).
 */
export class ModelFacts {
  private readonly candidateCache = new WeakMap<ModelProto, FusionCandidate[]>();
  private readonly summaryCache = new WeakMap<ModelProto, ModelSummary>();
  private readonly sideFileCache = new WeakMap<ModelProto, string[]>();
  private readonly shapeCache = new WeakMap<ModelProto, InferredValueShapes | null>();
  private readonly previewCache = new WeakMap<ModelProto, LeftCandidate[]>();

  candidates(model: ModelProto, sideFiles: ReadonlyMap<string, Uint8Array>): FusionCandidate[] {
    return once(this.candidateCache, model, () => findFusions(model, { sideFiles }));
  }

  /** Candidates already found for `model` (a fusion's last round searched the model it made). */
  knowCandidates(model: ModelProto, candidates: FusionCandidate[]): void {
    this.candidateCache.set(model, candidates);
  }

  /** What the optimizer's passes would change (see optimizerPreview): found when first asked. */
  optimizerCandidates(model: ModelProto, sideFiles: ReadonlyMap<string, Uint8Array>): LeftCandidate[] {
    return once(this.previewCache, model, () => optimizerPreview(model, sideFiles));
  }

  summary(model: ModelProto): ModelSummary {
    return once(this.summaryCache, model, () => summarizeModel(model));
  }

  sideFilesNeeded(model: ModelProto): string[] {
    return once(this.sideFileCache, model, () => requiredSideFiles(model));
  }

  /** The main graph's inferred shapes, for edge labels (none past SHAPE_LABEL_NODE_LIMIT nodes). */
  shapes(model: ModelProto): InferredValueShapes | undefined {
    const shapes = once(this.shapeCache, model, () => {
      if ((model.graph?.node?.length ?? 0) > SHAPE_LABEL_NODE_LIMIT) return null;
      try {
        return inferShapes(model).graphs.get('main') ?? null;
      } catch {
        // Inference is documented never to throw; labels are a nicety that must never stop a model opening.
        return null;
      }
    });
    return shapes ?? undefined;
  }
}

function once<T>(cache: WeakMap<ModelProto, T>, model: ModelProto, make: () => T): T {
  let value = cache.get(model);
  if (value === undefined) {
    value = make();
    cache.set(model, value);
  }
  return value;
}
