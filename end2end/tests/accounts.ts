// The accounts scripts/test makes (`likewise user add`) and signing in as one of them.
import { expect, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './pages';

export const PASSWORD = 'a long and quiet harbour evening';
/** Editor of groningen. */
export const EDITOR = 'e2e-editor@example.org';
export const ADMIN = 'e2e-admin@example.org';

export async function signIn(page: Page, lang: string, email: string, axe = true) {
  await page.goto(`/${lang}/sign-in`);
  if (axe) await expectNoAxeViolations(page);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('[data-test="sign-in-submit"]').click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/desk$`));
}
export const TRANSLATOR = 'e2e-translator@example.org';
export const MODERATOR = 'e2e-moderator@example.org';
/** A member with no approved comments yet: one per interface language (scripts/test makes them). */
export function newcomer(lang: string) {
  return `e2e-member-${lang}@example.org`;
}
