import type { Locator, Page } from 'playwright-core';

/** Something on the page that the reader cannot fully see. */
export interface LayoutProblem {
  /** What it is: `chip`, `label` or `graph text`, with its text. */
  what: string;
  /** Why it counts as hidden, with the measured boxes. */
  why: string;
}

/** Smallest readable on-screen size of graph text, in CSS pixels. */
export const MIN_GRAPH_TEXT_PX = 9;

/**
 * Finds chips and labels inside `root` that are clipped: text cut off inside
 * its own box (ellipsis), a box reaching past an ancestor that hides its
 * overflow, or, for horizontally scrolling ancestors, a box past their right
 * or left edge (the reader has to scroll sideways to see it). Also finds
 * graph text drawn smaller than {@link MIN_GRAPH_TEXT_PX} at the current
 * zoom. Runs in the page on real layout, so it needs a real browser.
 */
export async function findLayoutProblems(
  root: Locator,
): Promise<LayoutProblem[]> {
  return root.evaluate((rootElement: Element, minGraphPx: number) => {
    const problems: Array<{ what: string; why: string }> = [];
    const TOLERANCE = 1;
    const box = (r: DOMRect) =>
      `[${Math.round(r.left)}..${Math.round(r.right)}]x[${Math.round(
        r.top,
      )}..${Math.round(r.bottom)}]`;
    const visible = (el: Element) => {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none';
    };
    const describe = (kind: string, el: Element) =>
      `${kind} "${(el.textContent ?? '').trim().slice(0, 60)}"`;

    const clippingAncestors = (el: Element) => {
      const out: Array<{ el: Element; x: string; y: string }> = [];
      for (
        let a = el.parentElement;
        a && a !== document.documentElement;
        a = a.parentElement
      ) {
        const style = getComputedStyle(a);
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
          out.push({ el: a, x: style.overflowX, y: style.overflowY });
        }
      }
      return out;
    };

    const checkInside = (kind: string, el: Element) => {
      const rect = el.getBoundingClientRect();
      for (const ancestor of clippingAncestors(el)) {
        const outer = ancestor.el.getBoundingClientRect();
        // A scrolling axis only counts sideways: a long list scrolled
        // down is normal, a table to scroll sideways is not.
        const hidesX = ancestor.x !== 'visible';
        const hidesY = ancestor.y === 'hidden' || ancestor.y === 'clip';
        const outX =
          rect.left < outer.left - TOLERANCE ||
          rect.right > outer.right + TOLERANCE;
        const outY =
          rect.top < outer.top - TOLERANCE ||
          rect.bottom > outer.bottom + TOLERANCE;
        if ((hidesX && outX) || (hidesY && outY)) {
          problems.push({
            what: describe(kind, el),
            why: `box ${box(
              rect,
            )} outside ${ancestor.el.tagName.toLowerCase()}.${String(
              ancestor.el.className,
            ).slice(0, 40)} ${box(outer)} (overflow ${ancestor.x}/${
              ancestor.y
            })`,
          });
          return;
        }
      }
    };

    for (const chip of Array.from(
      rootElement.querySelectorAll('[class*="MuiChip-root"]'),
    )) {
      if (!visible(chip)) continue;
      const label = chip.querySelector('[class*="MuiChip-label"]');
      if (label && label.scrollWidth > label.clientWidth + TOLERANCE) {
        problems.push({
          what: describe('chip', chip),
          why: `text ${label.scrollWidth}px wide in a ${label.clientWidth}px label`,
        });
        continue;
      }
      checkInside('chip', chip);
    }

    const labels = rootElement.querySelectorAll(
      'th, [class*="MuiCardHeader-title"], [class*="MuiTab-wrapper"], [class*="MuiButton-label"], h1, h2, h3, h4, h5, h6',
    );
    for (const label of Array.from(labels)) {
      if (!visible(label) || !(label.textContent ?? '').trim()) continue;
      const style = getComputedStyle(label);
      if (
        style.textOverflow === 'ellipsis' &&
        label.scrollWidth > label.clientWidth + TOLERANCE
      ) {
        problems.push({
          what: describe('label', label),
          why: `text ${label.scrollWidth}px wide in ${label.clientWidth}px`,
        });
        continue;
      }
      checkInside('label', label);
    }

    for (const text of Array.from(rootElement.querySelectorAll('svg text'))) {
      if (!visible(text)) continue;
      const graphic = text as SVGGraphicsElement;
      const matrix = graphic.getScreenCTM();
      if (!matrix) continue;
      const scale = Math.hypot(matrix.a, matrix.b);
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < minGraphPx) {
        problems.push({
          what: describe('graph text', text),
          why: `drawn at ${px.toFixed(1)}px`,
        });
      }
    }
    return problems;
  }, MIN_GRAPH_TEXT_PX);
}

/** The page's theme as drawn: `dark` when the body's background is dark. */
export async function drawnTheme(page: Page): Promise<'light' | 'dark'> {
  const luminance = await page.evaluate(() => {
    const color = getComputedStyle(document.body).backgroundColor;
    const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? ['255', '255', '255'])
      .slice(0, 3)
      .map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  });
  return luminance < 128 ? 'dark' : 'light';
}
