// Publishing in Chromium: an editor signs in, writes a draft with an image, previews it, sends it to review,
// publishes it, finds it through search, edits it, reads the diff and reverts; axe finds nothing on any
// screen, in every language; the same flow works without JavaScript. Accounts are made by scripts/test
// (`likewise user add`) before the server starts.
import { test, expect, type Page } from '@playwright/test';
import { LANGS, expectNoAxeViolations, watchErrors } from './pages';
import { ADMIN, EDITOR, signIn } from './accounts';
import * as path from 'node:path';
import * as fs from 'node:fs';

const PNG = path.join(__dirname, 'fixtures', 'harbour.png');

function unique(prefix: string) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

async function flow(page: Page, lang: string, js: boolean) {
  // axe runs in the page: without JavaScript the same screens are checked by the runs with it.
  const axe = js ? () => expectNoAxeViolations(page) : async () => {};
  const word = unique('zq');
  const slug = `e2e-${lang}-${js ? 'js' : 'nojs'}-${word}`;
  await signIn(page, lang, EDITOR, js);
  await axe();
  // A new draft, with an image.
  await page.locator('[data-test="new-case"]').click();
  await expect(page.locator('[data-test="editor-form"]')).toBeVisible();
  await axe();
  await page.locator('#f-slug').fill(slug);
  await page.locator('#f-title').fill(`Harbour counters ${word}`);
  await page.locator('#f-summary').fill('Counters in the harbour tell how busy the quay is.');
  await page.locator('#theme-iot-sensors').check();
  await page.locator('#f-body').fill(`## Challenge\n\nThe quay was busy. ${word} counts it.\n\n![A counter](harbour.png)`);
  await page.locator('#f-upload').setInputFiles(PNG);
  await page.locator('#f-image_alt').fill('A counter on the quay.');
  // Preview: the site's own rendering of the text.
  await page.locator('[data-test="preview-button"]').click();
  await expect(page.locator('[data-test="preview"]')).toContainText(word);
  await axe();
  await page.locator('[data-test="save"]').click();
  await expect(page.locator('[data-test="notice"]')).toBeVisible();
  await expect(page.locator('[data-test="editor-status"]')).toBeVisible();
  await axe();
  // Readers do not see a draft.
  const anonymous = await page.context().browser()!.newContext();
  const reader = await anonymous.newPage();
  expect((await reader.goto(`/${lang}/cases/${slug}`))?.status()).toBe(404);
  // Review, then publish (the same editor of the partner may publish).
  await page.locator('[data-test="move-review"]').click();
  await expect(page.locator('[data-test="notice"]')).toBeVisible();
  await page.locator('[data-test="move-published"]').click();
  await expect(page.locator('[data-test="notice"]')).toBeVisible();
  await axe();
  // Found through search, by readers.
  await expect(async () => {
    await reader.goto(`/${lang}/search?q=${word}`);
    await expect(reader.locator(`[data-test="hit"][data-slug="${slug}"]`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  expect((await reader.goto(`/${lang}/cases/${slug}`))?.status()).toBe(200);
  await expect(reader.locator('img[src$="harbour.png"]').first()).toBeVisible();
  if (js) {
    // With JavaScript the preview follows the typing and the draft is kept: leaving and coming back restores it.
    const editorUrl = page.url();
    await page.locator('#f-body').fill(`## Challenge\n\nThe quay was busy. ${word} counts it, kept as a draft.`);
    await expect(page.locator('#live-preview')).toContainText('kept as a draft', { timeout: 10_000 });
    await expect(page.locator('#autosave-status')).not.toBeEmpty({ timeout: 10_000 });
    await page.goto(editorUrl);
    await expect(page.locator('[data-test="restored-draft"]')).toBeVisible();
    await expect(page.locator('#f-body')).toHaveValue(/kept as a draft/);
  }
  // Edit, then the diff of the two revisions, then revert.
  await page.locator('#f-body').fill(`## Challenge\n\nThe quay was busy. ${word} counts it every hour.`);
  await page.locator('#f-note').fill('Counted hourly');
  await page.locator('[data-test="save"]').click();
  await expect(page.locator('[data-test="notice"]')).toBeVisible();
  await page.locator('[data-test="history-link"]').click();
  await expect(page.locator('[data-test="diff"]')).toContainText('every hour');
  await expect(page.locator('[data-test="diff"] ins').first()).toBeVisible();
  await axe();
  await page.locator('[data-test="revert-1"]').click();
  await expect(page.locator('[data-test="notice"]')).toBeVisible();
  await expect(page.locator('[data-test="revision-row"]')).toHaveCount(3);
  await axe();
  await anonymous.close();
}

for (const lang of LANGS) {
  test(`${lang}: an editor writes, previews, publishes, edits, diffs and reverts a case`, async ({ page }) => {
    const errors = watchErrors(page);
    await flow(page, lang, true);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the same flow works with plain forms', async ({ page }) => {
    await flow(page, 'en', false);
  });
});

for (const lang of LANGS) {
  test(`${lang}: the account and admin screens have no axe violations`, async ({ page }) => {
    await signIn(page, lang, ADMIN);
    for (const screen of ['desk', 'account', 'admin', 'desk/new/magazines']) {
      await page.goto(`/${lang}/${screen}`);
      await expect(page.locator('h1')).toBeVisible();
      await expectNoAxeViolations(page);
    }
    // A refused form keeps what was typed and shows the error beside the field.
    await page.goto(`/${lang}/account`);
    await page.locator('[data-test="password-form"] #f-current').fill('not my password at all');
    await page.locator('[data-test="password-form"] #f-new').fill('short');
    await page.locator('[data-test="password-form"] button').click();
    await expect(page.locator('[data-test="error-summary"]')).toBeVisible();
    await expectNoAxeViolations(page);
  });
}

test('a wrong password is refused with a message, in the reader\'s language', async ({ page }) => {
  await page.goto('/de/sign-in');
  await page.locator('#f-email').fill(EDITOR);
  await page.locator('#f-password').fill('definitely not the password');
  await page.locator('[data-test="sign-in-submit"]').click();
  await expect(page.locator('[data-test="sign-in-error"]')).toBeVisible();
  await expect(page.locator('#f-email')).toHaveValue(EDITOR);
  await expectNoAxeViolations(page);
  expect(fs.existsSync(PNG)).toBe(true);
});
