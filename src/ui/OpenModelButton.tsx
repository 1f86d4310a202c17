import { type ChangeEvent, memo } from 'react';
import { useAppStore } from '../store/index.ts';

/** The file picker. Its input carries the accessible name "Open model" that automated checks use. */
export const OpenModelButton = memo(function OpenModelButton() {
  const loadFile = useAppStore((s) => s.loadFile);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Clear the input so that picking the same file again still fires a change.
    event.target.value = '';
    if (file) void loadFile(file);
  };
  return (
    <label className="button">
      Open model
      <input type="file" accept=".onnx,application/octet-stream" aria-label="Open model" onChange={onChange} hidden />
    </label>
  );
});
