// The page templates every language must serve, and the checks shared by the specs.
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const LANGS = ['en', 'nl', 'de', 'da', 'fr'] as const;

/** One URL per page template, from the bundled library. */
export const TEMPLATES: Record<string, string> = {
  home: '/',
  magazines: '/magazines',
  magazine: '/magazines/like-democracy-and-chatbots',
  case: '/cases/groningen-chatbot-gemma',
  'case in its source language only': '/cases/angus-digital-champions',
  partners: '/partners',
  partner: '/partners/rotterdam',
  themes: '/themes',
  theme: '/themes/chatbots',
  search: '/search?q=chatbot',
  'search with filters': '/search?q=sensors&country=DK&theme=iot-sensors',
  'search that finds nothing': '/search?q=zzqqxxyy',
  accessibility: '/accessibility',
  statistics: '/stats',
  'statistics with filters': '/stats?theme=chatbots&from=2016',
  'search by reuse': '/search?taken_up=yes&sort=taken_up',
};

/** Opens the language menu (a disclosure) and chooses a language. */
export async function chooseLanguage(page: Page, lang: string) {
  await page.locator('[data-test="lang-menu"] summary').click();
  await page.locator(`[data-test="lang-${lang}"]`).click();
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`,
  );
  expect(summary, summary.join('\n')).toEqual([]);
}

/** Collects console errors and failed requests while a page is open. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  return errors;
}
