// The statistics page as readers use it: a plain form narrows the figures (with and without JavaScript),
// every chart opens its table and offers its CSV, and a case's page says who took it up.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations } from './pages';

test('the filters narrow the figures, and every chart has its table and CSV', async ({ page }) => {
  await page.goto('/en/stats');
  const all = Number(await page.locator('[data-test="stats-total-cases"]').innerText());
  expect(all).toBeGreaterThan(10);
  await page.locator('[data-test="stats-filter-theme"]').selectOption('chatbots');
  await page.locator('[data-test="stats-apply"]').click();
  await expect(page).toHaveURL(/\/en\/stats\?theme=chatbots/);
  const chatbots = Number(await page.locator('[data-test="stats-total-cases"]').innerText());
  expect(chatbots).toBeGreaterThan(0);
  expect(chatbots).toBeLessThan(all);
  await expect(page.locator('[data-test="stats-filter-theme"]')).toHaveValue('chatbots');

  const charts = page.locator('[data-test="chart"]');
  expect(await charts.count()).toBeGreaterThanOrEqual(10);
  const first = charts.first();
  await first.locator('[data-test="chart-table"] summary').click();
  await expect(first.locator('table')).toBeVisible();
  await expectNoAxeViolations(page);
  const csv = first.locator('[data-test="chart-csv"]');
  await expect(csv).toHaveAttribute('href', /\/en\/stats\/cases-by-theme\.csv\?theme=chatbots/);
  const response = await page.request.get((await csv.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/csv');
  expect((await response.text()).split('\r\n')[0]).toContain('Theme,Cases');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the statistics form is a plain form', async ({ page }) => {
    await page.goto('/nl/stats');
    await page.locator('[data-test="stats-filter-country"]').selectOption('DK');
    await page.locator('[data-test="stats-apply"]').click();
    await expect(page).toHaveURL(/\/nl\/stats\?.*country=DK/);
    await expect(page.locator('[data-test="stats-filter-country"]')).toHaveValue('DK');
  });
});

test('a case says who took it up, and the adopter says where it came from', async ({ page }) => {
  await page.goto('/en/cases/groningen-chatbot-gemma');
  const reuse = page.locator('[data-test="reuse"]');
  await expect(reuse.locator('[data-test="reuse-summary"]')).toHaveText('Taken up by 2 organisations in 2 countries.');
  await expect(reuse.locator('[data-test="adoption"]')).toHaveCount(3);
  await reuse.locator('a[href="/en/cases/angus-ask-angus-chatbot"]').click();
  await expect(page.locator('[data-test="adapted-from"] a[href="/en/cases/groningen-chatbot-gemma"]')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto('/en/search?sort=taken_up');
  await expect(page.locator('[data-test="search-sort"]')).toHaveValue('taken_up');
  await expect(page.locator('[data-test="hit"]').first()).toContainText('Taken up: 2');
});
