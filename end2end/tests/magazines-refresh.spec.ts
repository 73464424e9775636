// A saved issue follows the library: an editor changes a case of the issue, the reader's next visit online
// saves the new version in the background and says so, and offline the reader sees the change. Runs with the
// writing specs: it edits a bundled case (and puts its title back).
import { test, expect, type Page } from '@playwright/test';
import { EDITOR, signIn } from './accounts';

const MAGAZINE = '/en/magazines/like-data-driven';
const CASE = 'groningen-neighbourhood-dashboard';
const READING = `${MAGAZINE}/${CASE}`;
const EDITOR_FORM = `/en/desk/cases/${CASE}?in=en`;

/** The saved copies of the issue in this context: their cache names. */
function savedCopies(page: Page) {
  return page.evaluate(
    async (prefix) => (await caches.keys()).filter((k) => k.startsWith(prefix)),
    `likewise-issue:${MAGAZINE}:`,
  );
}

async function setTitle(editor: Page, title: string, note: string) {
  await editor.goto(EDITOR_FORM);
  await editor.locator('#f-title').fill(title);
  await editor.locator('#f-note').fill(note);
  await editor.locator('[data-test="save"]').click();
  await expect(editor.locator('[data-test="notice"]')).toBeVisible();
  await expect(editor.locator('[data-test="error-summary"]')).toHaveCount(0);
}

test('a saved issue is refreshed after a case of it changes, and the change reads offline', async ({ page, context, browser, request }) => {
  test.setTimeout(180_000);
  // The reader (signed out) saves the issue.
  await page.goto(MAGAZINE);
  const box = page.locator('[data-test="offline"]');
  await expect(box).toBeVisible();
  const savedLabel = (await box.getAttribute('data-label-saved')) ?? '';
  const updatedLabel = (await box.getAttribute('data-label-updated')) ?? '';
  expect(updatedLabel).not.toBe('');
  await page.locator('[data-test="save-offline"]').click();
  await expect.poll(() => savedCopies(page), { timeout: 60_000 }).toHaveLength(1);
  await expect(box.locator('[data-test="offline-status"]')).toHaveText(savedLabel, { timeout: 60_000 });
  const [before] = await savedCopies(page);
  const savedVersion = before.slice(`likewise-issue:${MAGAZINE}:`.length);
  expect((await (await request.get(`${MAGAZINE}/offline.json`)).json()).version).toBe(savedVersion);

  // The editor of groningen changes the case's English title.
  const editing = await browser.newContext();
  const editor = await editing.newPage();
  await signIn(editor, 'en', EDITOR, false);
  await editor.goto(EDITOR_FORM);
  const original = await editor.locator('#f-title').inputValue();
  expect(original).not.toBe('');
  const changed = `Neighbourhood dashboard ${Date.now().toString(36)}`;
  try {
    await setTitle(editor, changed, 'A new title for the refresh test');
    // Live at once; the page caches of the server follow within a second or so.
    await expect
      .poll(async () => (await (await request.get(`${MAGAZINE}/offline.json`)).json()).version, { timeout: 15_000 })
      .not.toBe(savedVersion);
    await expect
      .poll(async () => (await request.get(READING)).text(), { timeout: 15_000 })
      .toContain(changed);

    // The reader comes back online: the issue is saved again in the background, and the status says so.
    await page.goto(MAGAZINE);
    await expect(box.locator('[data-test="offline-status"]')).toHaveText(updatedLabel, { timeout: 60_000 });
    const after = await savedCopies(page);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);

    // Offline, the case shows its new title.
    await context.setOffline(true);
    try {
      const response = await page.goto(READING);
      expect(response?.fromServiceWorker()).toBe(true);
      await expect(page.locator('h1').first()).toHaveText(changed);
    } finally {
      await context.setOffline(false);
    }
  } finally {
    await setTitle(editor, original, 'The title back after the refresh test');
    await editing.close();
  }
});
