/** Counts fuzz outcomes: by code, crashes (anything but a model or a typed, readable error) and hangs. */
import type { Drive } from './drive-worker.ts';

/** Per-case time bound: a hostile file must be opened or refused promptly, never hang the worker. */
export const CASE_LIMIT_MS = 2000;

export class Tally {
  readonly codes = new Map<string, number>();
  cases = 0;
  crashes = 0;
  hangs = 0;
  readonly problems: string[] = [];

  /** Records one run; returns why it failed, if it did. */
  record(label: string, drive: Drive): string | undefined {
    this.cases++;
    this.codes.set(drive.outcome, (this.codes.get(drive.outcome) ?? 0) + 1);
    let problem = drive.failure;
    if (problem) this.crashes++;
    if (drive.ms > CASE_LIMIT_MS) {
      this.hangs++;
      problem ??= `took ${drive.ms.toFixed(0)} ms`;
    }
    if (problem) this.problems.push(`${label}: ${problem}`);
    return problem;
  }

  rejected(): number {
    return this.cases - (this.codes.get('model') ?? 0);
  }

  print(name: string): void {
    const byCode = Object.fromEntries([...this.codes].sort(([a], [b]) => a.localeCompare(b)));
    console.info(`${name}: ${this.cases} cases, crashes ${this.crashes}, hangs ${this.hangs}`, byCode);
  }
}
