import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker, unregisterServiceWorkers } from './offline/register.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The offline copy is of a build: production registers the service worker; the dev server, whose
// files change with every edit, runs without one.
if (import.meta.env.PROD) registerServiceWorker(import.meta.url);
else unregisterServiceWorkers();
