import { memo } from 'react';
import { useAppStore } from '../store/index.ts';

/**
 * What the last save did (files, folder, replacements), as text. The live region is always there,
 * so that screen readers announce the notice when it appears.
 */
export const SaveNotice = memo(function SaveNotice() {
  const notice = useAppStore((s) => s.notice);
  const dismiss = useAppStore((s) => s.dismissNotice);
  return (
    <div aria-live="polite" data-testid="save-notice">
      {notice && (
        <div className="notice">
          <span>{notice}</span>
          <button type="button" className="link" onClick={dismiss} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      )}
    </div>
  );
});
