// Entry of a decode pool worker: loads tsx's TypeScript loader in this thread, then the worker.
import { register } from 'tsx/esm/api';
register();
await import('./decode-worker.ts');
