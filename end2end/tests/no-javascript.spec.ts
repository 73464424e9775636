// The same pages with JavaScript disabled: everything is in the HTML, and links navigate.
import { test, expect } from '@playwright/test';
import { LANGS, TEMPLATES, chooseLanguage } from './pages';

test.use({ javaScriptEnabled: false });

for (const lang of LANGS) {
  test(`${lang}: every page works without JavaScript`, async ({ page }) => {
    for (const path of Object.values(TEMPLATES)) {
      const response = await page.goto(`/${lang}${path}`);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator('h1').first(), path).toBeVisible();
      await expect(page.locator('main'), path).not.toBeEmpty();
    }
  });
}

test('without JavaScript, links and the language switcher navigate', async ({ page }) => {
  await page.goto('/en/');
  await page.locator('[data-test="case-card"] h3 a').first().click();
  await expect(page.locator('[data-test="case"]')).toBeVisible();
  const path = new URL(page.url()).pathname;
  await chooseLanguage(page, 'da');
  await expect(page).toHaveURL(new RegExp(path.replace('/en/', '/da/') + '$'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
});
