// Translating and commenting in Chromium, with axe on every screen, in all five languages: an editor
// changes a case's source; its translation's readers see the outdated notice; a translator finds it on the
// desk, reads what changed, updates it, and the notice is gone. A new member's comment waits; a moderator
// approves it and replies; the author sees the reply in the notifications. The comment forms also work
// without JavaScript. Accounts are made by scripts/test before the server starts.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { LANGS, expectNoAxeViolations } from './pages';
import { ADMIN, MODERATOR, TRANSLATOR, newcomer, signIn } from './accounts';

function unique(prefix: string) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** One case per interface language, so the runs never touch each other's: its slug and its translation. */
const CASES: Record<string, { slug: string; target: string }> = {
  en: { slug: 'groningen-chatbot-gemma', target: 'en' },
  nl: { slug: 'rug-chatbot-user-study', target: 'nl' },
  de: { slug: 'groningen-innovation-academy', target: 'en' },
  da: { slug: 'groningen-neighbourhood-dashboard', target: 'en' },
  fr: { slug: 'groningen-open-source-forms', target: 'en' },
};

async function as(browser: Browser, lang: string, email: string, js = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  await signIn(page, lang, email, js);
  return page;
}

for (const lang of LANGS) {
  test(`a translator brings an outdated translation up to date (${lang})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const { slug, target } = CASES[lang];
    const word = unique('tq');
    // The source changes (an admin edits every partner's cases).
    const admin = await as(browser, lang, ADMIN);
    await admin.goto(`/${lang}/desk/cases/${slug}`);
    const body = admin.locator('#f-body');
    await body.fill(`${await body.inputValue()}\n\nUpdated ${word}.`);
    await admin.locator('[data-test="save"]').click();
    await expect(admin.locator('[data-test="notice"]')).toBeVisible();
    // Readers of the translation are told.
    const reader = await (await browser.newContext()).newPage();
    await expect(async () => {
      await reader.goto(`/${target}/cases/${slug}`);
      await expect(reader.locator('[data-test="outdated-notice"]')).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 10_000 });
    await expectNoAxeViolations(reader);
    // The translator's desk lists it; the editor shows the change and the source beside the form.
    const translator = await as(browser, lang, TRANSLATOR);
    await translator.goto(`/${lang}/translate?language=${target}`);
    await expectNoAxeViolations(translator);
    const row = translator.locator(`[data-test="translate-row"][data-slug="${slug}"][data-lang="${target}"]`);
    await expect(row).toHaveAttribute('data-state', 'outdated');
    await row.locator('a').click();
    await expect(translator.locator('[data-test="source-changes"]')).toContainText(word);
    await expect(translator.locator('[data-test="side-by-side"]')).toBeVisible();
    await expect(translator.locator('[data-test="translation-state"]')).toHaveAttribute('data-state', 'outdated');
    await expectNoAxeViolations(translator);
    const tbody = translator.locator('#f-body');
    await tbody.fill(`${await tbody.inputValue()}\n\nTranslated ${word}.`);
    await translator.locator('[data-test="save"]').click();
    await expect(translator.locator('[data-test="notice"]')).toBeVisible();
    await expect(translator.locator('[data-test="translation-state"]')).toHaveAttribute('data-state', 'current');
    await expectNoAxeViolations(translator);
    // The notice is gone, and the new words are there.
    await expect(async () => {
      await reader.goto(`/${target}/cases/${slug}`);
      await expect(reader.locator('[data-test="case"]')).toContainText(`Translated ${word}`, { timeout: 1000 });
    }).toPass({ timeout: 10_000 });
    await expect(reader.locator('[data-test="outdated-notice"]')).toHaveCount(0);
    // The desk no longer lists it.
    await translator.goto(`/${lang}/translate?language=${target}`);
    await expect(translator.locator(`[data-test="translate-row"][data-slug="${slug}"][data-lang="${target}"]`)).toHaveCount(0);
  });

  test(`a new member's comment waits, is approved and answered (${lang})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const { slug } = CASES[lang];
    const word = unique('cq');
    const member = await as(browser, lang, newcomer(lang));
    await member.goto(`/${lang}/cases/${slug}`);
    await expect(member.locator('[data-test="comment-will-wait"]')).toBeVisible();
    await expectNoAxeViolations(member);
    await member.locator('#comment-new').fill(`How did residents react? ${word}`);
    await member.locator('[data-test="comment-submit"]').click();
    await expect(member.locator('[data-test="comment-notice"]')).toBeVisible();
    const mine = member.locator('[data-test="comment"]', { hasText: word });
    await expect(mine).toHaveAttribute('data-state', 'waiting');
    await expect(mine.locator('[data-test="comment-waiting"]')).toBeVisible();
    await expectNoAxeViolations(member);
    // Nobody else sees it.
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`/${lang}/cases/${slug}`);
    await expect(reader.locator('[data-test="comments"]')).not.toContainText(word);
    // A moderator approves it from the queue, then replies on the page.
    const moderator = await as(browser, lang, MODERATOR);
    await moderator.goto(`/${lang}/moderation`);
    await expectNoAxeViolations(moderator);
    const item = moderator.locator('[data-test="queue-item"]', { hasText: word });
    await item.locator('[data-test="md-approve"]').click();
    await expect(moderator.locator('[data-test="notice"]')).toBeVisible();
    await expectNoAxeViolations(moderator);
    await moderator.goto(`/${lang}/cases/${slug}`);
    const approved = moderator.locator('[data-test="comment"]', { hasText: word }).first();
    await approved.locator('[data-test="reply-open"]').first().click();
    // The link opens that comment's reply form (one form on the page, not one under every comment).
    await moderator.waitForURL(/[?&]reply=\d+/);
    await approved.locator('textarea[name="body"]').first().fill(`Very well, thank you. ${word}-reply`);
    await approved.locator('[data-test="reply-submit"]').first().click();
    await expect(moderator.locator('[data-test="comment-notice"]')).toBeVisible();
    await expectNoAxeViolations(moderator);
    await expect(async () => {
      await reader.goto(`/${lang}/cases/${slug}`);
      await expect(reader.locator('[data-test="comments"]')).toContainText(`${word}-reply`, { timeout: 1000 });
    }).toPass({ timeout: 10_000 });
    await expectNoAxeViolations(reader);
    // The author is told, with a count in the header.
    await member.goto(`/${lang}/`);
    await expect(member.locator('[data-test="nav-notifications"]')).not.toHaveAttribute('data-unseen', '0');
    await member.locator('[data-test="nav-notifications"]').click();
    await expect(member.locator('[data-test="notification"]', { hasText: `${word}-reply` })).toBeVisible();
    await expectNoAxeViolations(member);
    await member.locator('[data-test="mark-seen"]').click();
    await expect(member.locator('[data-test="nav-notifications"]')).toHaveAttribute('data-unseen', '0');
  });
}

test('the comment forms work without JavaScript', async ({ browser }) => {
  test.setTimeout(90_000);
  const word = unique('nj');
  const page = await as(browser, 'en', newcomer('nojs'), false);
  await page.goto('/en/cases/groningen-chatbot-gemma');
  await page.locator('#comment-new').fill(`Without scripts ${word}`);
  await page.locator('[data-test="comment-submit"]').click();
  await expect(page.locator('[data-test="comment"]', { hasText: word })).toHaveAttribute('data-state', 'waiting');
  // A refusal keeps the words, with the reason beside the field.
  await page.locator('#comment-new').fill(`Without scripts ${word}`);
  await page.locator('[data-test="comment-submit"]').click();
  await expect(page.locator('[data-test="comment-error"]')).toBeVisible();
  await expect(page.locator('#comment-new')).toHaveValue(`Without scripts ${word}`);
  const own = page.locator('[data-test="comment"]', { hasText: word });
  await own.locator('[data-test="delete-submit"]').click();
  await expect(page.locator('[data-test="comment-notice"]')).toBeVisible();
  await expect(page.locator('[data-test="comments"]')).not.toContainText(word);
});
