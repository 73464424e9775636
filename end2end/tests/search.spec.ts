// Search: results follow the typing, facets filter, the address follows (Back works), the plain form works
// without JavaScript, axe finds nothing in any language; and the header stays compact on a phone.
import { test, expect, type Page } from '@playwright/test';
import { LANGS, chooseLanguage, expectNoAxeViolations, watchErrors } from './pages';

async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
}

function count(page: Page) {
  return page.locator('[data-test="result-count"]');
}

test('typing narrows the results, and the address follows so Back works', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/en/search');
  await hydrated(page);
  await expect(count(page)).toHaveText('34 cases found');
  const input = page.locator('[data-test="search-input"]');
  await input.pressSequentially('parking sens', { delay: 40 });
  await expect(page).toHaveURL(/\/en\/search\?q=parking\+sens$/);
  await expect(count(page)).not.toHaveText('34 cases found');
  const first = page.locator('[data-test="hit"]').first();
  await expect(first).toHaveAttribute('data-slug', 'vechta-smart-parking');
  await expect(first.locator('mark').first()).toBeVisible();
  // One history entry for the typed words: Back returns to the page before them.
  await page.goBack();
  await expect(page).toHaveURL(/\/en\/search$/);
  await expect(count(page)).toHaveText('34 cases found');
  await expect(input).toHaveValue('');
  expect(errors).toEqual([]);
});

test('ticking facets filters at once and keeps the other values countable', async ({ page }) => {
  await page.goto('/en/search?q=sensors');
  await hydrated(page);
  const before = await count(page).textContent();
  await page.locator('[data-test="facet-country"] label', { hasText: 'Denmark' }).click();
  await expect(page).toHaveURL(/country=DK/);
  await expect(count(page)).not.toHaveText(before ?? '');
  const hits = page.locator('[data-test="hit"]');
  for (const meta of await hits.locator('.card-meta').first().allTextContents()) {
    expect(meta).toContain('Denmark');
  }
  // Another country widens the search: its count is still shown, and ticking it adds its cases.
  await page.locator('[data-test="facet-country"] label', { hasText: 'Germany' }).click();
  await expect(page).toHaveURL(/country=DK&country=DE|country=DE&country=DK/);
  await expect(page.locator('[data-test="facet-country"] input:checked')).toHaveCount(2);
  // Focus stays on the checkbox that was ticked (keyboard users keep their place).
  await page.locator('[data-test="facet-country"] input[value="DE"]').focus();
  await page.keyboard.press('Space');
  await expect(page).not.toHaveURL(/country=DE/);
  await expect(page.locator('[data-test="facet-country"] input[value="DE"]')).toBeFocused();
});

test('magazines that match are shown beside the cases, and link to the magazine', async ({ page }) => {
  await page.goto('/en/search?q=innovation+culture');
  const magazine = page.locator('[data-test="magazine-hit"]').first();
  await expect(magazine).toHaveAttribute('data-slug', 'like-innovation-culture');
  await magazine.locator('a').click();
  await expect(page).toHaveURL(/\/en\/magazines\/like-innovation-culture$/);
});

test('a search that finds nothing helps the reader on', async ({ page }) => {
  await page.goto('/en/search?q=zzqqxxyy&theme=chatbots');
  await expect(page.locator('[data-test="empty-state"]')).toBeVisible();
  await page.locator('[data-test="remove-filters"]').click();
  await expect(page).toHaveURL(/\/en\/search\?q=zzqqxxyy$/);
  await expect(page.locator('[data-test="empty-state"] .chips a').first()).toBeVisible();
});

test('the search box in the header searches from any page', async ({ page }) => {
  await page.goto('/de/partners');
  await page.locator('[data-test="header-search"]').fill('Bürgerhaushalt');
  await page.locator('[data-test="header-search"]').press('Enter');
  await expect(page).toHaveURL(/\/de\/search\?q=B%C3%BCrgerhaushalt/);
  await expect(page.locator('[data-test="hit"]').first()).toHaveAttribute('data-slug', 'vechta-participatory-budget');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the search form and the filters work as a plain form', async ({ page }) => {
    await page.goto('/en/search');
    await page.locator('[data-test="search-input"]').fill('chatbot');
    await page.locator('[data-test="search-input"]').press('Enter');
    await expect(page).toHaveURL(/\/en\/search\?q=chatbot/);
    const all = await page.locator('[data-test="hit"]').count();
    expect(all).toBeGreaterThan(1);
    await page.locator('[data-test="facet-country"] label', { hasText: 'Netherlands' }).click();
    await page.locator('[data-test="apply-filters"]').click();
    await expect(page).toHaveURL(/country=NL/);
    const filtered = await page.locator('[data-test="hit"]').count();
    expect(filtered).toBeLessThan(all);
    expect(filtered).toBeGreaterThan(0);
  });

  test('the language menu opens and navigates', async ({ page }) => {
    await page.goto('/en/search?q=chatbot');
    await chooseLanguage(page, 'fr');
    await expect(page).toHaveURL(/\/fr\/search/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  });
});

for (const lang of LANGS) {
  test(`${lang}: the search page passes axe, with results, filters and the language menu open`, async ({ page }) => {
    await page.goto(`/${lang}/search?q=chatbot&stage=in-use`);
    await hydrated(page);
    await expect(page.locator('[data-test="hit"]').first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.locator('[data-test="lang-menu"] summary').click();
    await expectNoAxeViolations(page);
    await page.goto(`/${lang}/search?q=zzqqxxyy`);
    await expect(page.locator('[data-test="empty-state"]')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test(`${lang}: the accessibility statement is linked from the footer`, async ({ page }) => {
    await page.goto(`/${lang}/themes`);
    await page.locator('[data-test="accessibility-link"]').click();
    await expect(page).toHaveURL(new RegExp(`/${lang}/accessibility$`));
    await expect(page.locator('main a[href^="mailto:"]')).toBeVisible();
    await expectNoAxeViolations(page);
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const path of ['/en/cases/groningen-chatbot-gemma', '/de/magazines/like-democracy-and-chatbots', '/nl/search?q=chatbot']) {
    test(`the title of ${path} is in the first screen`, async ({ page }) => {
      await page.goto(path);
      const header = await page.locator('header.site-header').boundingBox();
      const title = await page.locator('main h1').first().boundingBox();
      expect(header!.height).toBeLessThan(844 / 3);
      expect(title!.y + Math.min(title!.height, 60)).toBeLessThan(844);
    });
  }
});
