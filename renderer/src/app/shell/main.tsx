import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import '../../ui/base.css';
import '../app.css';

// In a browser the app shell is cached by a service worker, so it opens without a connection;
// the desktop app carries it in its package instead.
if (!window.tablero && 'serviceWorker' in navigator && window.location.protocol.startsWith('http'))
  void navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
