import { type ChangeEvent, memo } from 'react';
import { useAppStore } from '../store/index.ts';

/**
 * The file picker. Its input carries the accessible name "Open model". Several files may be
 * picked at once: a model with its external-data side files.
 */
export const OpenModelButton = memo(function OpenModelButton() {
  const loadFiles = useAppStore((s) => s.loadFiles);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // Clear the input so that picking the same file again still fires a change.
    event.target.value = '';
    if (files.length > 0) void loadFiles(files);
  };
  return (
    <label className="button primary">
      Open model
      <input type="file" multiple aria-label="Open model" onChange={onChange} className="visually-hidden" />
    </label>
  );
});
