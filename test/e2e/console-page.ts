/**
 * The console's pages as the end-to-end tests drive them (playwright-core): signing in, a
 * member opened from the 参保人 search, a member picked on the 结算 page, a result's field.
 * Shared by console.test.ts (in-process service) and start.test.ts (`npm start`).
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Opens `address` (the console's URL, with a `#page` if wanted) and signs in with `token`. */
export async function signIn(page: Page, address: string, token: string): Promise<void> {
  await page.goto(address);
  await page.fill('#token', token);
  await page.click('button[type=submit]');
}

/** A result field's amount as shown (e.g. `12,510.00 元`): the calculator's, the preview's, a settlement's. */
export function cell(page: Page, field: string): Promise<string | null> {
  return page.locator(`tr[data-field=${field}] td`).textContent();
}

/** On 参保人: searches `query`; the member `memberId`'s row in the list (found once). */
export async function findMember(page: Page, query: string, memberId: string): Promise<Locator> {
  await page.fill('#member-q', query);
  await page.click('text=查询');
  const row = page.locator(`tr[data-member="${memberId}"]`);
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  return row;
}

/** On 参保人: searches `query`, opens the member `memberId` from the list and, given a year, shows that benefit year. */
export async function openMember(page: Page, query: string, memberId: string, year?: number): Promise<void> {
  await (await findMember(page, query, memberId)).locator('button').click();
  if (year === undefined) return;
  await expect.poll(() => page.locator(`#member-year option[value="${year}"]`).count(), { timeout: 15_000 }).toBe(1);
  await page.selectOption('#member-year', String(year));
}

/** On 结算: finds `query`, picks the member `memberId` and fills the institution's code; the claim is the form's own. */
export async function pickForSettlement(page: Page, query: string, memberId: string, institution: string): Promise<void> {
  await page.fill('#settle-find', query);
  await page.press('#settle-find', 'Enter');
  await page.locator(`li[data-member="${memberId}"] button`).click();
  await expect.poll(() => page.inputValue('#settle-member')).toBe(memberId);
  await page.fill('#settle-hospital', institution);
}
