/**
 * Where a running comparison is. Runs are counted per stage, warm-up apart from timed runs, so the
 * count says what the timings will rest on: "warming up 2/3", then "timing 5/20".
 */
export interface CompareProgress {
  /** "preparing", "loading models", "warming up", "timing", … */
  stage: string;
  /** The run under way, from 1; 0 when the stage has no runs to count. */
  step: number;
  /** Runs in this stage; 0 when the stage has none to count. */
  total: number;
}

export function progressText(progress: CompareProgress): string {
  return progress.total > 0 ? `${progress.stage} ${progress.step}/${progress.total}` : progress.stage;
}
