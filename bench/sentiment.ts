/**
 * Sentiment accuracy on the labelled comments (test/fixtures/sentiment/labelled.csv): polarity
 * accuracy and confusion matrix for the whole set and for its tuning and held-out halves, and the
 * speed of the text analyser. `npm run bench:sentiment [-- --errors]` lists the misread comments of the tuning half.
 */
import { fileURLToPath } from 'node:url';
import { analyseText } from '../src/voc/analyse-text.js';
import { evaluatePolarity, formatConfusion, readLabelledCsv, splitHalves } from '../src/voc/polarity-evaluation.js';

const path = fileURLToPath(new URL('../test/fixtures/sentiment/labelled.csv', import.meta.url));
const rows = readLabelledCsv(path);
const all = evaluatePolarity(rows);
const { tuning, heldOut } = splitHalves(rows);
console.log(`labelled comments: ${rows.length} (${['positive', 'neutral', 'negative'].map((l) => `${rows.filter((r) => r.label === l).length} ${l}`).join(', ')})\n`);
console.log('all\n' + formatConfusion(all) + '\n');
console.log('tuning half (even rows)\n' + formatConfusion(evaluatePolarity(tuning)) + '\n');
console.log('held-out half (odd rows)\n' + formatConfusion(evaluatePolarity(heldOut)) + '\n');
// Only the tuning half's errors are listed: the held-out half stays unseen when lexicons are tuned.
if (process.argv.includes('--errors')) for (const e of evaluatePolarity(tuning).errors) console.log(`${e.label.padEnd(8)} → ${e.predicted.padEnd(8)} ${e.compound.toFixed(3).padStart(7)}  ${e.text}`);

const texts = rows.map((r) => r.text);
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 1000) {
  for (const t of texts) {
    analyseText(t);
    n++;
  }
}
console.log(`speed: ${Math.round(n / ((performance.now() - t0) / 1000))} comments/s (one thread)`);
