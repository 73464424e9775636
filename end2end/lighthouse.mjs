// Lighthouse's performance and accessibility scores of pages a phone at a conference opens, with its
// default mobile profile (a mid-range phone on slow 4G, simulated), in Debian's Chromium, and the bytes they
// transfer. Fails below the performance bar, below an accessibility score of 1, or above the weight's bar.
//   BASE_URL=http://127.0.0.1:3000 node lighthouse.mjs [path ...]
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const BAR = Number(process.env.LIGHTHOUSE_MIN ?? '0.95');
const A11Y_BAR = Number(process.env.LIGHTHOUSE_A11Y_MIN ?? '1');
// Conference Wi-Fi: a page of an issue with everything it loads, compressed.
const MAX_KB = Number(process.env.LIGHTHOUSE_MAX_KB ?? '100');
const paths = process.argv.slice(2);
if (paths.length === 0) paths.push('/en/magazines/like-data-driven/groningen-neighbourhood-dashboard');

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
// A run that hangs fails in minutes.
const guard = setTimeout(() => {
  console.error('lighthouse: no answer within 5 minutes');
  process.exit(1);
}, 5 * 60_000);
let failed = false;
try {
  for (const path of paths) {
    // Three runs, the median score: one run on a busy 2-core machine is noisy.
    const scores = [];
    const a11y = [];
    let audits;
    for (let i = 0; i < 3; i++) {
      const result = await lighthouse(`${BASE}${path}`, {
        port: chrome.port,
        onlyCategories: ['performance', 'accessibility'],
        output: 'json',
        logLevel: 'error',
      });
      scores.push(result.lhr.categories.performance.score);
      a11y.push(result.lhr.categories.accessibility.score);
      audits = result.lhr.audits;
    }
    scores.sort((a, b) => a - b);
    const score = scores[1];
    const ms = (id) => Math.round(audits[id].numericValue);
    const weight = Math.round(audits['total-byte-weight'].numericValue / 1024);
    console.log(
      `${path}: performance ${score} (runs ${scores.join(', ')}), accessibility ${Math.min(...a11y)}; FCP ${ms('first-contentful-paint')} ms, ` +
        `LCP ${ms('largest-contentful-paint')} ms, TBT ${ms('total-blocking-time')} ms, ` +
        `CLS ${audits['cumulative-layout-shift'].numericValue.toFixed(3)}, ${weight} KB transferred`,
    );
    if (weight >= MAX_KB) {
      console.error(`${path}: ${weight} KB transferred, the bar is under ${MAX_KB} KB`);
      failed = true;
    }
    if (Math.min(...a11y) < A11Y_BAR) {
      const failing = Object.values(audits)
        .filter((a) => a.score === 0 && a.details?.type === 'table' && a.id !== 'total-byte-weight')
        .map((a) => a.id);
      console.error(`${path}: accessibility ${Math.min(...a11y)} is below ${A11Y_BAR} (${failing.join(', ')})`);
      failed = true;
    }
    if (score < BAR) {
      console.error(`${path}: performance ${score} is below ${BAR}`);
      failed = true;
    }
  }
} finally {
  clearTimeout(guard);
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
