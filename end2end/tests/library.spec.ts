// Every page of the bundled library, in every language, read from the sitemap: served, titled and free of
// axe violations at WCAG 2.1 A/AA.
import { test, expect } from '@playwright/test';
import { LANGS, expectNoAxeViolations } from './pages';

test.describe.configure({ mode: 'parallel' });

for (const lang of LANGS) {
  test(`${lang}: every page of the library passes axe`, async ({ page, request }) => {
    test.setTimeout(300_000);
    // The sitemap is an index of files; every page is in one of them.
    const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replaceAll('&amp;', '&'));
    const index = await (await request.get('/sitemap.xml')).text();
    const paths: string[] = [];
    for (const file of locs(index)) {
      const url = new URL(file);
      const part = await (await request.get(url.pathname + url.search)).text();
      paths.push(...locs(part).map((l) => new URL(l).pathname).filter((p) => p.startsWith(`/${lang}/`)));
    }
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator('h1').first(), path).toBeVisible();
      await expectNoAxeViolations(page);
    }
  });
}
