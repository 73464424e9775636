// Every page of the bundled library, in every language, read from the sitemap: served, titled and free of
// axe violations at WCAG 2.1 A/AA.
import { test, expect } from '@playwright/test';
import { LANGS, expectNoAxeViolations } from './pages';

test.describe.configure({ mode: 'parallel' });

for (const lang of LANGS) {
  test(`${lang}: every page of the library passes axe`, async ({ page, request }) => {
    test.setTimeout(300_000);
    const sitemap = await (await request.get('/sitemap.xml')).text();
    const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)]
      .map((m) => new URL(m[1]).pathname)
      .filter((p) => p.startsWith(`/${lang}/`));
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator('h1').first(), path).toBeVisible();
      await expectNoAxeViolations(page);
    }
  });
}
