import { useState } from 'react';
import { useAppStore } from '../../store/index.ts';

/**
 * For an initializer the inspected node reads: replace its values from a `.npy` file (one
 * `set-initializer` step; dtype and shape must match unless "new shape" is ticked) or save them
 * as `.npy`, byte for byte as np.save would.
 */
export function InitializerActions({ name }: { name: string }) {
  const [reshape, setReshape] = useState(false);
  const applyEdit = useAppStore((s) => s.applyEdit);
  const saveNpy = useAppStore((s) => s.saveInitializerNpy);
  const busy = useAppStore((s) => s.busy !== undefined);
  return (
    <span className="initializer-actions">
      <label className="file-button">
        Replace from .npy…
        <input
          type="file"
          accept=".npy"
          className="visually-hidden"
          disabled={busy}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            void applyEdit({ op: 'set-initializer', name, npy: file.name, ...(reshape ? { reshape: true } : {}) }, [
              file,
            ]);
          }}
        />
      </label>
      <label className="small" title="Let the .npy file change the initializer's dtype and shape">
        <input type="checkbox" checked={reshape} onChange={(event) => setReshape(event.target.checked)} /> new shape
      </label>
      <button type="button" className="small" disabled={busy} onClick={() => void saveNpy(name)}>
        Save as .npy
      </button>
    </span>
  );
}
