import { memo } from 'react';
import type { JudgeOptions } from '../../compare/judge.ts';
import { type CheckMode, checkModeText } from '../../compare/stats.ts';
import { useAppStore } from '../../store/index.ts';

export const CHECK_MODES: readonly CheckMode[] = [
  { kind: 'elementwise' },
  { kind: 'max' },
  { kind: 'mean' },
  { kind: 'median' },
  { kind: 'quantile', q: 0.99 },
];

const modeOf = (text: string) => CHECK_MODES.find((m) => checkModeText(m) === text);

/** How every output is judged: elementwise, or a statistic of the differences (Polygraphy's --check-error-stat). */
export const OutputModeField = memo(function OutputModeField() {
  const check = useAppStore((s) => s.outputCheck);
  const setCheck = useAppStore((s) => s.setOutputCheck);
  return (
    <label className="field inline">
      <span>Judge outputs by</span>
      <select
        value={checkModeText(check.mode ?? CHECK_MODES[0] ?? { kind: 'elementwise' })}
        onChange={(e) => {
          const mode = modeOf(e.target.value);
          setCheck({ ...check, ...(mode ? { mode } : {}) });
        }}
      >
        {CHECK_MODES.map((m) => (
          <option key={checkModeText(m)}>{checkModeText(m)}</option>
        ))}
      </select>
    </label>
  );
});

type Own = NonNullable<JudgeOptions['perOutput']>[string];

/** One output's own atol, rtol and mode; empty fields take the panel's. */
export const OutputCheckFields = memo(function OutputCheckFields({ name }: { name: string }) {
  const check = useAppStore((s) => s.outputCheck);
  const setCheck = useAppStore((s) => s.setOutputCheck);
  const own: Own = check.perOutput?.[name] ?? {};
  const update = (patch: Partial<Record<keyof Own, Own[keyof Own] | undefined>>) => {
    const next: Own = { ...own };
    for (const [key, value] of Object.entries(patch) as [keyof Own, Own[keyof Own] | undefined][]) {
      if (value === undefined) delete next[key];
      else Object.assign(next, { [key]: value });
    }
    const perOutput = { ...check.perOutput };
    if (Object.keys(next).length === 0) delete perOutput[name];
    else perOutput[name] = next;
    setCheck({ ...check, perOutput });
  };
  const number = (text: string) => (text.trim() === '' || !(Number(text) >= 0) ? undefined : Number(text));
  return (
    <div className="output-check">
      <span className="muted">This output:</span>
      <label className="field inline">
        <span>atol</span>
        <input
          type="number"
          step="any"
          min={0}
          aria-label={`atol for ${name}`}
          placeholder="panel's"
          value={own.atol ?? ''}
          onChange={(e) => update({ atol: number(e.target.value) })}
        />
      </label>
      <label className="field inline">
        <span>rtol</span>
        <input
          type="number"
          step="any"
          min={0}
          aria-label={`rtol for ${name}`}
          placeholder="panel's"
          value={own.rtol ?? ''}
          onChange={(e) => update({ rtol: number(e.target.value) })}
        />
      </label>
      <label className="field inline">
        <span>by</span>
        <select
          aria-label={`Judge ${name} by`}
          value={own.mode ? checkModeText(own.mode) : ''}
          onChange={(e) => update({ mode: modeOf(e.target.value) })}
        >
          <option value="">as all outputs</option>
          {CHECK_MODES.map((m) => (
            <option key={checkModeText(m)}>{checkModeText(m)}</option>
          ))}
        </select>
      </label>
    </div>
  );
});
