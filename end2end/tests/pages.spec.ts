// Every page template in every language: loads, hydrates without errors, passes axe, keeps the page on a
// language switch; and the 404 page is a real 404.
import { test, expect } from '@playwright/test';
import { LANGS, TEMPLATES, chooseLanguage, expectNoAxeViolations, watchErrors } from './pages';

for (const lang of LANGS) {
  for (const [name, path] of Object.entries(TEMPLATES)) {
    test(`${lang}: ${name} loads, hydrates and passes axe`, async ({ page }) => {
      const errors = watchErrors(page);
      const response = await page.goto(`/${lang}${path}`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      if (path.startsWith('/search')) {
        // The search page is the one island: it hydrates.
        await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
      } else {
        // Reading pages are HTML and CSS: no WebAssembly, no app script.
        await expect(page.locator('link[href$=".wasm"], link[rel="modulepreload"], script[type="module"]')).toHaveCount(0);
      }
      await expect(page.locator('h1').first()).toBeVisible();
      await expect(page).toHaveTitle(/ · Likewise$/);
      await expectNoAxeViolations(page);
      expect(errors).toEqual([]);
    });
  }

  test(`${lang}: the 404 page is a 404 and passes axe`, async ({ page }) => {
    const errors = watchErrors(page);
    const response = await page.goto(`/${lang}/cases/no-such-case`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('[data-test="not-found"]')).toBeVisible();
    await expectNoAxeViolations(page);
    // The 404 status itself is the only console error a browser reports here.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
}

test('the language switcher keeps the page', async ({ page }) => {
  await page.goto('/en/cases/groningen-chatbot-gemma');
  await chooseLanguage(page, 'nl');
  await expect(page).toHaveURL(/\/nl\/cases\/groningen-chatbot-gemma$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await chooseLanguage(page, 'de');
  await expect(page).toHaveURL(/\/de\/cases\/groningen-chatbot-gemma$/);
});

test('a case without a translation says so and shows its source', async ({ page }) => {
  await page.goto('/de/cases/angus-digital-champions');
  await expect(page.locator('[data-test="fallback-notice"]')).toBeVisible();
  await expect(page.locator('article header')).toHaveAttribute('lang', 'en');
});

test('links navigate from page to page', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/en/magazines');
  await page.locator('[data-test="magazine-card"] a').first().click();
  await expect(page.locator('[data-test="magazine"]')).toBeVisible();
  await page.locator('[data-test="case-card"] h3 a').first().click();
  await expect(page.locator('[data-test="case"]')).toBeVisible();
  await expect(page).toHaveURL(/\/en\/cases\//);
  expect(errors).toEqual([]);
});

test('the root redirects to a language', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/(en|nl|de|da|fr)\/$/);
});
