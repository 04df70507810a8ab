import { RefObject, useEffect, useState } from 'react';

/**
 * Keeps an SVG drawn with a `viewBox` (Backstage's `DependencyGraph` fits
 * its whole graph into the container's width) from shrinking below
 * `minScale`: when the drawing would be scaled further down, it returns a
 * minimum width for the drawing's box, so the box's parent scrolls sideways
 * instead and the text stays readable (at 1024 px the traffic graph's 11 px
 * labels otherwise came out at 6 to 8 px).
 *
 * It watches the `viewBox` attribute, which the graph sets after each layout.
 * A new `drawing` (another graph) starts over from the container's width.
 */
export function useMinimumDrawingScale(
  boxRef: RefObject<HTMLElement>,
  minScale: number,
  drawing?: unknown,
): number | undefined {
  const [minWidth, setMinWidth] = useState<number>();
  useEffect(() => {
    setMinWidth(undefined);
    const box = boxRef.current;
    if (!box || typeof MutationObserver === 'undefined') return undefined;
    const measure = () => {
      // The widest drawing: icons (the fullscreen button's) have viewBoxes too.
      let width = 0;
      for (const svg of Array.from(box.querySelectorAll('svg'))) {
        const drawn = Number(svg.getAttribute('viewBox')?.split(/\s+/)[2]);
        if (Number.isFinite(drawn) && drawn > width) width = drawn;
      }
      if (width <= 0) return;
      const needed = Math.ceil(width * minScale);
      // Only ever grows the box: the drawing's own width follows the box,
      // so shrinking again would feed back into the next measurement.
      setMinWidth(current =>
        needed > (box.parentElement?.clientWidth ?? 0) &&
        needed > (current ?? 0)
          ? needed
          : current,
      );
    };
    const observer = new MutationObserver(measure);
    observer.observe(box, {
      subtree: true,
      attributes: true,
      attributeFilter: ['viewBox'],
      childList: true,
    });
    measure();
    return () => observer.disconnect();
  }, [boxRef, minScale, drawing]);
  return minWidth;
}
