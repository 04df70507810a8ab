import type { Locator, Page } from 'playwright-core';

/*
 * Locators for Material UI v4 parts. The dev build's class names carry a
 * numeric suffix (`MuiCard-root-690`), so they are matched by prefix.
 */

/** Escapes a text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The Backstage `InfoCard` whose title is exactly `title`. */
export function infoCard(page: Page, title: string): Locator {
  return page.locator('[class*="MuiCard-root"]').filter({
    has: page.locator('[class*="MuiCardHeader-title"]', {
      hasText: new RegExp(`^${escapeRegExp(title)}$`),
    }),
  });
}

/** The paper of the open Material UI popover. */
export function openPopover(page: Page): Locator {
  return page.locator('[class*="MuiPopover-paper"]');
}

/**
 * The visible text lines of a table row (cells and the blocks inside
 * them), trimmed, empty ones dropped. Tests
 * match values against these lines rather than fixed column positions, so
 * that merging or reordering columns does not break them.
 */
export async function rowLines(row: Locator): Promise<string[]> {
  // innerText puts a tab between cells and a newline between blocks.
  return (await row.innerText())
    .split(/[\n\t]/)
    .map(line => line.trim())
    .filter(Boolean);
}
