import { memo } from 'react';
import { useAppStore } from '../store/index.ts';

/** The last error, in role "alert" so that screen readers and tests find it. Text only, never HTML. */
export const ErrorAlert = memo(function ErrorAlert() {
  const error = useAppStore((s) => s.error);
  const dismiss = useAppStore((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="alert" role="alert">
      <span>{error.message}</span>
      <button type="button" className="link" onClick={dismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
});
