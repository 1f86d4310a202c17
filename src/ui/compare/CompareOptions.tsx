import { memo } from 'react';
import { type OptimizationLevel, useAppStore } from '../../store/index.ts';
import { InputChoices } from './InputChoices.tsx';

const LEVELS: OptimizationLevel[] = ['disabled', 'basic', 'extended', 'all'];

function NumberField({
  label,
  value,
  min,
  max,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        aria-label={label}
        value={value}
        min={min}
        max={max}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= min && v <= max) onChange(Math.round(v));
        }}
      />
    </label>
  );
}

/** Provider, threads, optimization level, runs, sizes of symbolic dimensions and each input's data. */
export const CompareOptions = memo(function CompareOptions({ dims }: { dims: { key: string; value: number }[] }) {
  const options = useAppStore((s) => s.compareOptions);
  const probe = useAppStore((s) => s.probe);
  const setOptions = useAppStore((s) => s.setCompareOptions);
  const maxThreads = probe?.crossOriginIsolated ? Math.max(1, probe.hardwareConcurrency) : 1;
  return (
    <div className="compare-options">
      <label className="field wide">
        <span>Provider</span>
        <select
          aria-label="Provider"
          value={options.provider}
          onChange={(e) => setOptions({ provider: e.target.value as 'wasm' | 'webgpu' })}
        >
          <option value="wasm">WASM</option>
          <option value="webgpu" disabled={!probe?.webgpu}>
            WebGPU{probe && !probe.webgpu ? ' (no adapter)' : probe?.adapter ? ` (${probe.adapter})` : ''}
          </option>
        </select>
      </label>
      <label className="field wide">
        <span>Setup</span>
        <select
          aria-label="Setup"
          value={options.setup}
          onChange={(e) => setOptions({ setup: e.target.value as 'same' | 'ort-optimizer' })}
        >
          <option value="same">Both at one optimization level</option>
          <option value="ort-optimizer">onnxruntime's optimizer vs this fusion</option>
        </select>
      </label>
      {options.setup === 'same' && (
        <label className="field">
          <span>Optimization</span>
          <select
            aria-label="Optimization"
            value={options.optimization}
            onChange={(e) => setOptions({ optimization: e.target.value as OptimizationLevel })}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      )}
      <NumberField
        label="Threads"
        value={Math.min(options.threads, maxThreads)}
        min={1}
        max={maxThreads}
        onChange={(threads) => setOptions({ threads })}
      />
      <p className="hint">
        onnxruntime fuses Conv+BatchNormalization itself at every level above "disabled", which would hide the
        difference; "onnxruntime's optimizer vs this fusion" runs the original at "all" and the fused model at
        "disabled".
      </p>
      <NumberField
        label="Warm-up runs"
        value={options.warmup}
        min={0}
        max={100}
        onChange={(warmup) => setOptions({ warmup })}
      />
      <NumberField
        label="Timed runs"
        value={options.runs}
        min={1}
        max={1000}
        onChange={(runs) => setOptions({ runs })}
      />
      <NumberField label="Seed" value={options.seed} min={0} max={2 ** 31} onChange={(seed) => setOptions({ seed })} />
      <ScaleField value={options.inputScale} onChange={(inputScale) => setOptions({ inputScale })} />
      {dims.map((d) => (
        <NumberField
          key={d.key}
          label={`Size of ${d.key}`}
          value={options.sizes[d.key] ?? d.value}
          min={1}
          max={4096}
          onChange={(v) => setOptions({ sizes: { ...options.sizes, [d.key]: v } })}
        />
      ))}
      <InputChoices />
      {!probe?.crossOriginIsolated && probe && (
        <p className="hint">This page is not cross-origin isolated: WASM runs on one thread.</p>
      )}
    </div>
  );
});

/**
 * The range of random float inputs, ±scale: a model that overflows to NaN/Inf on inputs in ±1 may
 * stay in range on smaller ones. Any positive number, not only integers.
 */
function ScaleField({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  return (
    <label className="field">
      <span>Input scale (±)</span>
      <input
        type="number"
        aria-label="Input scale"
        step="any"
        min={1e-6}
        max={1e6}
        defaultValue={value}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v > 0 && v <= 1e6) onChange(v);
        }}
      />
    </label>
  );
}
