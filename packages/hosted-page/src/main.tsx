import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HostedApp } from './app/HostedApp.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HostedApp />
  </StrictMode>,
);
