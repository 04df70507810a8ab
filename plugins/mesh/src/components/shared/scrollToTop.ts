/**
 * Scrolls every scrolled ancestor of `element` (Backstage's `Page` scrolls
 * itself, not the window) and the window back to the top.
 */
export function scrollAncestorsToTop(element: Element | null): void {
  for (let at = element?.parentElement; at; at = at.parentElement) {
    if (at.scrollTop > 0) at.scrollTop = 0;
  }
  if (typeof window.scrollTo === 'function' && window.scrollY > 0) {
    window.scrollTo(0, 0);
  }
}
