import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminApp } from './admin';
import './admin.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AdminApp />
  </StrictMode>,
);
