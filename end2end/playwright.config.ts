// End-to-end tests in Debian's Chromium against a running Likewise (started by scripts/test).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  // A stalled run fails in minutes rather than holding CI to its limit.
  globalTimeout: 12 * 60_000,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  // Reading specs count the bundled library; the writing specs add to it, so they run after them.
  projects: [
    { name: 'reading', testIgnore: /(publishing|xss|community|magazines-refresh)\.spec\.ts/ },
    { name: 'writing', testMatch: /(publishing|xss|community|magazines-refresh)\.spec\.ts/, dependencies: ['reading'] },
  ],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
