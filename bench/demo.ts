/**
 * Generation speed: `npm run bench:demo -- [customers] [seed]` prints messages per
 * second (a warm-up pass first, then a measured pass) and the heap afterwards.
 */
import { generateDemo } from '../src/demo/generator.js';

const customers = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 42);

function run(label: string, n: number): void {
  const started = performance.now();
  let count = 0;
  for (const m of generateDemo({ customers: n, seed })) if (m.message.messageId) count++;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label}: ${n} customers, ${count} messages (${(count / n).toFixed(1)}/customer) in ${seconds.toFixed(2)} s = ` +
      `${Math.round(count / seconds).toLocaleString('en-US')} messages/s, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
  );
}

run('warm-up', Math.min(customers, 10_000));
run('measured', customers);
