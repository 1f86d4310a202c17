/**
 * Polygraphy's checking flags: `--atol V`, `--rtol V` and `--check-error-stat MODE` for every
 * output, or `NAME:V` / `NAME:MODE` for one output (repeatable; the name may itself hold colons,
 * the part after the last one is the value), and `--error-quantile Q` for the quantile mode.
 */
import type { Tolerance } from '../compare/diff.ts';
import type { JudgeOptions } from '../compare/judge.ts';
import type { CheckMode } from '../compare/stats.ts';
import { UsageError } from './errors.ts';

type PerOutput = Record<string, Partial<Tolerance> & { mode?: CheckMode }>;

const MODES = ['elemwise', 'elementwise', 'max', 'mean', 'median', 'quantile'] as const;

/** "NAME:VALUE" → [NAME, VALUE]; a bare VALUE → [undefined, VALUE]. */
function split(text: string, isValue: (v: string) => boolean): [string | undefined, string] {
  const at = text.lastIndexOf(':');
  if (at > 0 && isValue(text.slice(at + 1))) return [text.slice(0, at), text.slice(at + 1)];
  return [undefined, text];
}

const isNumber = (v: string) => v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0;

function mode(word: string, quantile: number): CheckMode {
  switch (word) {
    case 'elemwise':
    case 'elementwise':
      return { kind: 'elementwise' };
    case 'max':
    case 'mean':
    case 'median':
      return { kind: word };
    default:
      return { kind: 'quantile', q: quantile };
  }
}

export function parseCheckFlags(flags: {
  atol: readonly string[];
  rtol: readonly string[];
  stat: readonly string[];
  quantile?: string;
}): JudgeOptions {
  const q = Number(flags.quantile ?? '0.99');
  if (!(q >= 0 && q <= 1)) throw new UsageError(`--error-quantile: "${flags.quantile}" is not a number in [0, 1]`);
  const options: JudgeOptions = {};
  const perOutput: PerOutput = {};
  const own = (name: string) => {
    perOutput[name] ??= {};
    return perOutput[name];
  };
  for (const key of ['atol', 'rtol'] as const) {
    for (const text of flags[key]) {
      const [name, value] = split(text, isNumber);
      if (!isNumber(value)) throw new UsageError(`--${key}: "${text}" is not a tolerance (V or NAME:V, V ≥ 0)`);
      if (name === undefined) options.tolerance = { ...options.tolerance, [key]: Number(value) };
      else own(name)[key] = Number(value);
    }
  }
  for (const text of flags.stat) {
    const [name, word] = split(text, (v) => (MODES as readonly string[]).includes(v));
    if (!(MODES as readonly string[]).includes(word)) {
      throw new UsageError(`--check-error-stat: "${text}" is not one of ${MODES.join(', ')} (or NAME:MODE)`);
    }
    if (name === undefined) options.mode = mode(word, q);
    else own(name).mode = mode(word, q);
  }
  if (Object.keys(perOutput).length > 0) options.perOutput = perOutput;
  return options;
}
