/**
 * Entry point of the web app: starts the first requests of the page being opened (prefetch.ts), then
 * mounts <App/> (routes, auth, layout) into #root.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prefetchForLocation } from './prefetch';
import './styles.css';

prefetchForLocation(window.location.pathname, window.location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
