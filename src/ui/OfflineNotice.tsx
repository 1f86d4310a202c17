import { memo, useEffect, useSyncExternalStore } from 'react';
import {
  dismissOfflineStatus,
  getOfflineStatus,
  type OfflineStatus,
  subscribeOfflineStatus,
} from '../offline/offline-status.ts';
import './offline-notice.css';

/** "Ready to work offline" is good to know but needs nothing from the user: it goes by itself. */
const READY_SHOWN_MS = 10_000;

function message(status: OfflineStatus): string {
  switch (status.kind) {
    case 'none':
      return '';
    case 'ready':
      return 'Ready to work offline: bnfold now opens without a network.';
    case 'updated':
      return 'Updated to the new version. It works offline too.';
    case 'reload':
      return 'A new version is installed. Reload the page to use it.';
    case 'failed':
      return status.reason;
  }
}

/**
 * What the service worker did with the app itself: stored it for offline use, or replaced it with a
 * new build. A small box over the bottom of the window, so it shifts nothing the user is working
 * on; it lets clicks through except on its own buttons. The live region is always there, so that
 * screen readers announce the notice when it appears.
 */
export const OfflineNotice = memo(function OfflineNotice() {
  const status = useSyncExternalStore(subscribeOfflineStatus, getOfflineStatus);
  useEffect(() => {
    if (status.kind !== 'ready') return;
    const timer = setTimeout(dismissOfflineStatus, READY_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <div className="offline-notice-area" aria-live="polite" data-testid="offline-notice">
      {status.kind !== 'none' && (
        <div className={status.kind === 'failed' ? 'offline-notice failed' : 'offline-notice'}>
          <span>{message(status)}</span>
          {status.kind === 'reload' && (
            <button type="button" onClick={() => window.location.reload()}>
              Reload
            </button>
          )}
          <button type="button" className="link" onClick={dismissOfflineStatus} aria-label="Dismiss offline notice">
            ×
          </button>
        </div>
      )}
    </div>
  );
});
