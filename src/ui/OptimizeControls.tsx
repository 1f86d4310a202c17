import { memo, useEffect, useId, useRef, useState } from 'react';
import { useAppStore } from '../store/index.ts';
import './optimize.css';

/**
 * "Passes…", a menu with a checkbox per optimizer pass (named by its title), and "Optimize all",
 * which runs the passes left on as one step. Turning passes off holds for every model opened
 * afterwards, as a setting does.
 */
export const OptimizeControls = memo(function OptimizeControls() {
  const passes = useAppStore((s) => s.snapshot?.passes);
  const passesOff = useAppStore((s) => s.passesOff);
  const setPassOn = useAppStore((s) => s.setPassOn);
  const optimize = useAppStore((s) => s.optimize);
  const idle = useAppStore((s) => s.busy === undefined && s.loading === undefined);
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const box = useRef<HTMLDivElement>(null);

  // The menu closes on Escape and on a click anywhere else, as menus do.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open]);

  const off = passes?.filter((p) => passesOff.includes(p.name)).length ?? 0;
  const allOff = passes !== undefined && off === passes.length;
  return (
    <>
      <div className="passes-menu" ref={box}>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={menuId}
          disabled={!passes}
          onClick={() => setOpen(!open)}
          title="Choose the optimizer passes that Optimize all runs"
        >
          Passes…{off > 0 ? ` (${off} off)` : ''}
        </button>
        {open && passes && (
          <fieldset id={menuId} className="passes-popover">
            <legend>Optimizer passes, in the order they run</legend>
            {passes.map((p) => (
              <label key={p.name} title={p.name}>
                <input
                  type="checkbox"
                  checked={!passesOff.includes(p.name)}
                  onChange={(e) => setPassOn(p.name, e.target.checked)}
                />
                {p.title}
              </label>
            ))}
          </fieldset>
        )}
      </div>
      <button
        type="button"
        onClick={() => void optimize()}
        disabled={!idle || !passes || allOff}
        title="Run the optimizer passes that are on, to a fixed point, as one step (Undo takes it back)"
      >
        Optimize all
      </button>
    </>
  );
});
