// Magazines read like magazines: an issue from its first case to its last and back, in every language, with
// and without JavaScript; saved on the device and read offline; printed, as a PDF and on a stand card; and
// search on a phone with its filters folded away.
import { test, expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LANGS, expectNoAxeViolations, watchErrors } from './pages';

const MAGAZINE = 'like-data-driven';
const OTHER = 'like-democracy-and-chatbots';

/** The cases of a bundled magazine, in the order its source lists them. */
function casesOf(magazine: string): string[] {
  const source = fs.readFileSync(path.join(__dirname, '..', '..', 'content', 'magazines', magazine, 'en.md'), 'utf8');
  const list = source.match(/^cases\s*=\s*\[([^\]]*)\]/m);
  if (!list) throw new Error(`no cases in ${magazine}/en.md`);
  return [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

const CASES = casesOf(MAGAZINE);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const magazinePath = (lang: string, m = MAGAZINE) => `/${lang}/magazines/${m}`;
const readingPath = (lang: string, c: string, m = MAGAZINE) => `/${lang}/magazines/${m}/${c}`;
/** The page is at this path (any origin, no query). */
const at = (p: string) => new RegExp(`^[^?#]*://[^/]+${escape(p)}$`);
/** "Case 3 of 8", in any language: the two numbers in that order. */
const position = (n: number, total: number) => new RegExp(`(^|\\D)${n}\\D+${total}(\\D|$)`);

const nav = (page: Page) => page.locator('[data-test="issue-nav"]').first();

async function expectReading(page: Page, lang: string, i: number) {
  await expect(page).toHaveURL(at(readingPath(lang, CASES[i])));
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(page.locator('[data-test="issue-position"]').first()).toHaveText(position(i + 1, CASES.length));
}

/** Names of this context's caches of saved issues, as the page sees them. */
function issueCaches(page: Page, issue: string) {
  return page.evaluate(
    async (prefix) => (await caches.keys()).filter((k) => k.startsWith(prefix)),
    `likewise-issue:${issue}:`,
  );
}

/** Saves the issue from its magazine page and waits (bounded) until the copy is complete. */
async function saveOffline(page: Page, lang: string) {
  await page.goto(magazinePath(lang));
  const box = page.locator('[data-test="offline"]');
  await expect(box).toBeVisible();
  const saved = (await box.getAttribute('data-label-saved')) ?? '';
  expect(saved).not.toBe('');
  await page.locator('[data-test="save-offline"]').click();
  await expect.poll(() => issueCaches(page, magazinePath(lang)), { timeout: 60_000 }).toHaveLength(1);
  await expect(box.locator('[data-test="offline-status"]')).toHaveText(saved, { timeout: 60_000 });
  await expect(box.locator('[data-test="remove-offline"]')).toBeVisible();
}

for (const lang of LANGS) {
  test(`${lang}: an issue reads from its first case to its last and back`, async ({ page }) => {
    test.setTimeout(240_000);
    const errors = watchErrors(page);
    // axe on every page in English; the other languages share the templates, so first and last suffice.
    const axeAll = lang === 'en';
    await page.goto(magazinePath(lang));
    await expectNoAxeViolations(page);
    const start = page.locator('[data-test="start-reading"]');
    await expect(start).toHaveAttribute('href', readingPath(lang, CASES[0]));
    await start.click();
    for (let i = 0; i < CASES.length; i++) {
      await expectReading(page, lang, i);
      if (axeAll || i === 0 || i === CASES.length - 1) await expectNoAxeViolations(page);
      if (i === 0) {
        const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
        expect(canonical ?? '').toMatch(new RegExp(`/${lang}/cases/${escape(CASES[0])}$`));
        // The head carries the way on and back too.
        await expect(page.locator('head link[rel="next"]')).toHaveAttribute('href', new RegExp(`${escape(readingPath(lang, CASES[1]))}$`));
        await expect(page.locator('head link[rel="prev"]')).toHaveAttribute('href', new RegExp(`${escape(magazinePath(lang))}$`));
      }
      await nav(page).locator('a[rel~="next"]').click();
    }
    // The last case's way on is the magazine page.
    await expect(page).toHaveURL(at(magazinePath(lang)));
    await expect(page.locator('[data-test="magazine"]')).toBeVisible();
    // And back, from the last case to the first, then to the magazine page.
    await page.goto(readingPath(lang, CASES[CASES.length - 1]));
    for (let i = CASES.length - 1; i >= 0; i--) {
      await expectReading(page, lang, i);
      await nav(page).locator('a[rel~="prev"]').click();
    }
    await expect(page).toHaveURL(at(magazinePath(lang)));
    expect(errors).toEqual([]);
  });
}

test('the table of contents jumps to a case, and the arrow keys turn the pages', async ({ page }) => {
  await page.goto(readingPath('en', CASES[1]));
  const toc = page.locator('[data-test="issue-toc"]');
  const target = CASES[5];
  const link = toc.locator(`a[href$="/${MAGAZINE}/${target}"]`);
  // The contents may be folded (a disclosure): open it first.
  if (!(await link.isVisible())) await toc.locator('summary').first().click();
  await expect(link).toBeVisible();
  await link.click();
  await expectReading(page, 'en', 5);
  await expect(toc.locator('[aria-current="page"]')).toHaveAttribute('href', new RegExp(`/${escape(target)}$`));
  // Each page's script must have attached its keys before a key is pressed there.
  const press = async (key: string) => {
    await expect(page.locator('html')).toHaveAttribute('data-issue-keys', 'on');
    await page.keyboard.press(key);
  };
  await press('ArrowRight');
  await expectReading(page, 'en', 6);
  await press('ArrowLeft');
  await expectReading(page, 'en', 5);
  await press('ArrowLeft');
  await expectReading(page, 'en', 4);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the reading links and the contents work, and the offline box stays hidden', async ({ page }) => {
    await page.goto(magazinePath('en'));
    await expect(page.locator('[data-test="offline"]')).toBeHidden();
    await page.locator('[data-test="start-reading"]').click();
    await expectReading(page, 'en', 0);
    await expect(page.locator('[data-test="offline"]')).toBeHidden();
    await nav(page).locator('a[rel~="next"]').click();
    await expectReading(page, 'en', 1);
    await nav(page).locator('a[rel~="prev"]').click();
    await expectReading(page, 'en', 0);
    await nav(page).locator('a[rel~="prev"]').click();
    await expect(page).toHaveURL(at(magazinePath('en')));
    // The contents, a native disclosure, open without JavaScript.
    await page.goto(readingPath('en', CASES[2]));
    const toc = page.locator('[data-test="issue-toc"]');
    const link = toc.locator(`a[href$="/${MAGAZINE}/${CASES[7]}"]`);
    if (!(await link.isVisible())) await toc.locator('summary').first().click();
    await link.click();
    await expectReading(page, 'en', 7);
    // The list of saved issues is for JavaScript only too.
    await page.goto('/en/magazines');
    await expect(page.locator('[data-test="offline-saved"]')).toBeHidden();
  });
});

test('a saved issue reads offline, page by page, and can be removed', async ({ page, context, browser }) => {
  test.setTimeout(180_000);
  const pages = [magazinePath('en'), ...CASES.map((c) => readingPath('en', c)), `${magazinePath('en')}/print`];
  // The titles, online, read in another context: this one's browser cache holds no more than saving put there.
  const titles: string[] = [];
  const other = await browser.newContext();
  try {
    const reader = await other.newPage();
    for (const p of pages) {
      expect((await reader.goto(p))?.status(), p).toBe(200);
      titles.push(((await reader.locator('h1').first().textContent()) ?? '').trim());
    }
  } finally {
    await other.close();
  }
  expect(titles.every((t) => t.length > 0)).toBe(true);
  await saveOffline(page, 'en');
  await expectNoAxeViolations(page);
  // Every page of the issue is in the saved copy.
  const missing = await page.evaluate(async (ps) => {
    const out: string[] = [];
    for (const p of ps) if (!(await caches.match(p))) out.push(p);
    return out;
  }, pages);
  expect(missing).toEqual([]);

  await context.setOffline(true);
  try {
    for (const [i, p] of pages.entries()) {
      const response = await page.goto(p);
      expect(response?.fromServiceWorker(), `${p} answered by the service worker`).toBe(true);
      await expect(page, p).toHaveURL(at(p));
      await expect(page.locator('h1').first(), p).toHaveText(titles[i]);
    }
    // The reading view still turns the pages offline.
    await page.goto(readingPath('en', CASES[0]));
    await nav(page).locator('a[rel~="next"]').click();
    await expectReading(page, 'en', 1);
    // Another magazine was not saved: it fails like any page offline.
    let failed = false;
    try {
      const response = await page.goto(magazinePath('en', OTHER));
      failed = !response || !response.ok();
    } catch {
      failed = true;
    }
    expect(failed, `${OTHER} opened offline`).toBe(true);
  } finally {
    await context.setOffline(false);
  }

  // Removed: the button says "save" again, and the cache is gone.
  await page.goto(magazinePath('en'));
  const remove = page.locator('[data-test="remove-offline"]');
  await expect(remove).toBeVisible();
  await remove.click();
  await expect(page.locator('[data-test="save-offline"]')).toBeVisible();
  await expect(page.locator('[data-test="save-offline"]')).toBeFocused();
  await expect.poll(() => issueCaches(page, magazinePath('en')), { timeout: 10_000 }).toHaveLength(0);
});

test('the magazines list shows the issues saved on this device, and removes them', async ({ page }) => {
  await page.goto('/en/magazines');
  const section = page.locator('[data-test="offline-saved"]');
  await expect(section).toBeVisible();
  await expect(section.locator('[data-test="offline-remove"]')).toHaveCount(0);
  const none = (await section.getAttribute('data-label-none')) ?? '';
  await expect(section).toContainText(none);

  await saveOffline(page, 'en');
  const title = ((await page.locator('h1').first().textContent()) ?? '').trim();
  await page.goto('/en/magazines');
  await expect(section).toBeVisible();
  await expect(section.locator(`a[href="${magazinePath('en')}"]`)).toContainText(title);
  await expectNoAxeViolations(page);
  const remove = section.locator('[data-test="offline-remove"]');
  await expect(remove).toHaveCount(1);
  await remove.click();
  await expect(remove).toHaveCount(0);
  await expect(section).toContainText(none);
  await expect.poll(() => issueCaches(page, magazinePath('en')), { timeout: 10_000 }).toHaveLength(0);
});

test('an issue prints on one page, as a PDF and on a stand card with its QR code', async ({ page, request }) => {
  await page.goto(magazinePath('en'));
  const issueTitle = ((await page.locator('h1').first().textContent()) ?? '').trim();
  const caseTitles = (await page.locator('[data-test="case-card"] .card-title').allTextContents()).map((t) => t.trim());
  expect(caseTitles).toHaveLength(CASES.length);
  const qr = page.locator('[data-test="magazine-qr"]');
  await expect(qr.locator('svg, img[src*=".svg"]').first()).toBeVisible();
  await expect(page.locator('[data-test="magazine-print"]')).toHaveAttribute('href', `${magazinePath('en')}/print`);
  await expect(page.locator('a[data-test="magazine-stand-card"]')).toHaveAttribute('href', `${magazinePath('en')}/card`);
  const pdfLink = page.locator('[data-test="magazine-pdf"]');
  await expect(pdfLink).toHaveAttribute('href', `${magazinePath('en')}/issue.pdf`);

  const pdf = await request.get(`${magazinePath('en')}/issue.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  await page.goto(`${magazinePath('en')}/print`);
  await expect(page.locator('h1').first()).toHaveText(issueTitle);
  const sections = page.locator('[data-test="print-case"]');
  await expect(sections).toHaveCount(CASES.length);
  for (const [i, t] of caseTitles.entries()) await expect(sections.nth(i)).toContainText(t);
  await expectNoAxeViolations(page);

  await page.goto(`${magazinePath('en')}/card`);
  await expect(page.locator('h1').first()).toHaveText(issueTitle);
  const code = page.locator('[data-test="magazine-qr"] svg, [data-test="stand-qr"], [data-test="magazine-qr"] img').first();
  await expect(code).toBeVisible();
  await expectNoAxeViolations(page);
  // A QR code drawn as an image is an SVG file.
  const src = await code.getAttribute('src');
  if (src) {
    const svg = await request.get(src);
    expect(svg.status()).toBe(200);
    expect(svg.headers()['content-type']).toContain('image/svg+xml');
    expect(await svg.text()).toContain('<svg');
  }
});

test('search on a phone shows results first, the filters folded into one line', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/en/search?q=chatbot');
  // The first result, a magazine or a case, starts within the first screen; so does the first case when the
  // search finds no magazine.
  for (const [url, hook] of [
    ['/en/search?q=chatbot', '[data-test="magazine-hit"], [data-test="hit"]'],
    ['/en/search?q=sensors&country=DK', '[data-test="hit"]'],
  ]) {
    await page.goto(url);
    const first = page.locator(hook).first();
    await expect(first).toBeVisible();
    const box = await first.boundingBox();
    expect(box, `${url}: the first result has a box`).not.toBeNull();
    expect(box!.y, `${url}: the first result is on the first screen`).toBeLessThan(844 - 40);
  }
  await page.goto('/en/search?q=chatbot');
  const filters = page.locator('details[data-test="search-filters"]');
  await expect(filters.locator('summary')).toHaveText(/filter/i);
  await expect(filters).not.toHaveAttribute('open');
  const facets = filters.locator('fieldset[data-test^="facet-"]');
  await expect(facets.first()).toBeHidden();
  await filters.locator('summary').click();
  await expect(facets.first()).toBeVisible();
  await expectNoAxeViolations(page);

  // On a wide screen the facets are in view beside the results.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/en/search?q=chatbot');
  await expect(page.locator('[data-test="search-filters"] fieldset[data-test^="facet-"]').first()).toBeVisible();
  await expect(page.locator('[data-test="hit"]').first()).toBeVisible();
});
