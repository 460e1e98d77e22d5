/**
 * Starts `waymark serve` as a child process on a free port and resolves once it listens, with
 * its URL and a promise of its exit — for tests that drive the real server from outside.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<unknown[]>;
}

export async function startServeProcess(db: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['bin/waymark.js', 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    exited.then(([code]) => reject(new Error(`serve exited with ${code} before listening`)), reject);
  });
  return { child, url, exited };
}
