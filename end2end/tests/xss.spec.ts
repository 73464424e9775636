// Every vector of the OWASP XSS filter-evasion cheat sheet (tests/fixtures/xss-vectors.txt), saved through
// the write API and through the editor, ends up inert: the published pages and the editor's preview open
// in Chromium without a dialog and without any script of the vectors running.
import { test, expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN, signIn } from './accounts';

const VECTORS = fs
  .readFileSync(path.join(__dirname, '..', '..', 'tests', 'fixtures', 'xss-vectors.txt'), 'utf8')
  .split(/\n----\n/)
  .map((v) => v.trim())
  .filter((v) => v.length > 0);

function toml(s: string) {
  return JSON.stringify(s.replace(/\r?\n/g, ' ')).replace(/\\u0000/g, '');
}

function caseFile(title: string, summary: string, body: string) {
  return `+++\ntitle = ${toml(title)}\nsummary = ${toml(summary)}\npartner = "groningen"\nthemes = ["chatbots"]\npublished = 2020-01-01\ntags = [${toml(summary.slice(0, 60))}]\n+++\n\n${body}\n`;
}

/** Opens a page and fails if any dialog opens or a vector's marker appears as a global. */
async function expectInert(page: Page, url: string) {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  // Give timers, onload and onerror handlers their chance; move over and focus everything.
  await page.mouse.move(10, 10);
  for (const el of await page.locator('main a, main img, main div, main span').all().then((l) => l.slice(0, 60))) {
    await el.hover({ timeout: 200, force: true }).catch(() => {});
  }
  await page.waitForTimeout(300);
  expect(dialogs, `${url}: dialogs opened`).toEqual([]);
  const ran = await page.evaluate(() => (window as unknown as { xssRan?: boolean }).xssRan === true);
  expect(ran, url).toBe(false);
  page.removeAllListeners('dialog');
}

async function token(page: Page) {
  await page.goto('/en/account');
  await page.locator('[data-test="token-form"] #f-name').fill(`xss ${Date.now()}`);
  await page.locator('[data-test="token-form"] button').click();
  return (await page.locator('[data-test="new-token"]').textContent())!.trim();
}

test('every OWASP filter-evasion vector saved through the API is inert on the page', async ({ page, request }) => {
  test.setTimeout(240_000);
  expect(VECTORS.length).toBeGreaterThan(60);
  await signIn(page, 'en', ADMIN);
  const t = await token(page);
  const auth = { Authorization: `Bearer ${t}` };
  const batch = 8;
  const slugs: string[] = [];
  for (let i = 0; i < VECTORS.length; i += batch) {
    const vs = VECTORS.slice(i, i + batch);
    const slug = `xss-api-${i / batch}-${Date.now().toString(36)}`;
    const body = vs.join('\n\n');
    const put = await request.put(`/api/v1/cases/${slug}?lang=en`, {
      headers: { ...auth, 'Content-Type': 'text/markdown' },
      data: caseFile(`XSS ${vs[0]}`, vs[vs.length - 1], body),
    });
    expect(put.status(), await put.text()).toBe(201);
    for (const status of ['review', 'published']) {
      const move = await request.post(`/api/v1/cases/${slug}/status`, { headers: auth, data: { status } });
      expect(move.status(), await move.text()).toBe(200);
    }
    slugs.push(slug);
  }
  for (const slug of slugs) {
    await expectInert(page, `/en/cases/${slug}`);
    const api = await request.get(`/api/v1/cases/${slug}`);
    expect(api.status()).toBe(200);
  }
  await expectInert(page, `/en/search?q=XSS`);
});

test('every vector typed into the editor is inert in its preview and on the published page', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'en', ADMIN);
  const slug = `xss-editor-${Date.now().toString(36)}`;
  await page.goto('/en/desk/new/cases');
  await page.locator('#f-slug').fill(slug);
  await page.locator('#f-title').fill('XSS <script>window.xssRan=true;alert(1)</script>');
  await page.locator('#f-summary').fill('<img src=x onerror="window.xssRan=true;alert(1)">');
  await page.locator('#f-partner').selectOption('groningen');
  await page.locator('#theme-chatbots').check();
  await page.locator('#f-body').fill(VECTORS.join('\n\n'));
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.locator('[data-test="preview-button"]').click();
  await expect(page.locator('[data-test="preview"]')).toBeVisible();
  await page.waitForTimeout(500);
  await page.locator('[data-test="save"]').click();
  await expect(page.locator('[data-test="notice"]')).toBeVisible();
  await page.locator('[data-test="move-review"]').click();
  await expect(page.locator('[data-test="notice"]')).toBeVisible();
  await page.locator('[data-test="move-published"]').click();
  await expect(page.locator('[data-test="notice"]')).toBeVisible();
  expect(dialogs).toEqual([]);
  page.removeAllListeners('dialog');
  await expectInert(page, `/en/cases/${slug}`);
  await expectInert(page, `/en/desk/cases/${slug}/history`);
});

test('every vector posted as a comment is inert on the page and in the API', async ({ page, request }) => {
  test.setTimeout(240_000);
  // A moderator's comments appear at once and are not held to the pace limit of members.
  await signIn(page, 'en', 'e2e-moderator@example.org');
  const t = await token(page);
  const auth = { Authorization: `Bearer ${t}` };
  const slug = 'groningen-open-source-forms';
  let accepted = 0;
  for (let i = 0; i < VECTORS.length; i++) {
    const post = await request.post(`/api/v1/cases/${slug}/comments`, {
      headers: auth,
      data: { body: `v${i} ${VECTORS[i]}` },
    });
    // A vector with more than three addresses is refused as spam, with a JSON error naming the field.
    expect([201, 422], await post.text()).toContain(post.status());
    if (post.status() === 201) accepted++;
    else expect((await post.json()).error.field).toBe('body');
  }
  expect(accepted).toBeGreaterThan(VECTORS.length * 0.9);
  await expectInert(page, `/en/cases/${slug}`);
  const api = await request.get(`/api/v1/cases/${slug}/comments`);
  expect(api.status()).toBe(200);
  // Every comment's HTML, parsed by the browser: only the safe subset's elements, no handlers, no script URLs.
  const found = await page.evaluate((data) => {
    const bad: string[] = [];
    const walk = (c: { html: string; replies: unknown[] }) => {
      const t = document.createElement('template');
      t.innerHTML = c.html;
      for (const el of Array.from(t.content.querySelectorAll('*'))) {
        if (!['P', 'EM', 'STRONG', 'DEL', 'A', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'CODE', 'PRE', 'BR'].includes(el.tagName)) bad.push(el.tagName);
        for (const a of Array.from(el.attributes)) {
          if (a.name.startsWith('on') || !['href', 'rel', 'title'].includes(a.name)) bad.push(`${el.tagName}@${a.name}`);
          if (a.name === 'href' && !/^(https?:|mailto:)/i.test(a.value)) bad.push(`href=${a.value}`);
        }
      }
      (c.replies as { html: string; replies: unknown[] }[]).forEach(walk);
    };
    (data.comments as { html: string; replies: unknown[] }[]).forEach(walk);
    return bad;
  }, await api.json());
  expect(found).toEqual([]);
});
