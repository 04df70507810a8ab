import { RefObject, useCallback, useEffect, useRef } from 'react';

/** Pan and zoom state: screen = content * k + (x, y). */
export interface ViewTransform {
  k: number;
  x: number;
  y: number;
}

const MIN_SCALE = 0.03;
const MAX_SCALE = 4;
/** Below this scale node labels are shortened, so neighbours do not overlap. */
export const LABEL_MIN_SCALE = 0.55;
/** Below this scale node labels are hidden: even short ones would overlap. */
export const LABEL_HIDE_SCALE = 0.3;

/** Which labels a scale shows: full, brief (a few characters) or none. */
export function zoomLevelAt(k: number): 'near' | 'mid' | 'far' {
  if (k < LABEL_HIDE_SCALE) return 'far';
  return k < LABEL_MIN_SCALE ? 'mid' : 'near';
}

/** Smallest on-screen size of a node label, in CSS pixels. */
export const MIN_LABEL_PX = 10;
/** A label's size in the drawing's own units. */
const LABEL_UNITS = 12;

/**
 * Font size, in user units, that keeps labels at least {@link MIN_LABEL_PX}
 * on screen at scale `k` (they grow in the drawing as the view zooms out).
 */
export function labelSizeAt(k: number): number {
  return Math.max(LABEL_UNITS, MIN_LABEL_PX / k);
}

const clamp = (k: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, k));

/**
 * Pan (drag) and zoom (wheel, buttons) of an SVG drawing. The transform is
 * written straight to the content group's attribute rather than through
 * React state, so moving a 2,500-element drawing re-renders nothing.
 */
export function usePanZoom(
  svgRef: RefObject<SVGSVGElement>,
  contentRef: RefObject<SVGGElement>,
  size: { width: number; height: number },
) {
  const transform = useRef<ViewTransform>({ k: 1, x: 0, y: 0 });
  // Set when the last pointer gesture moved: the click that ends a drag
  // must not open the node under the pointer.
  const moved = useRef(false);

  const apply = useCallback(() => {
    const { k, x, y } = transform.current;
    contentRef.current?.setAttribute(
      'transform',
      `translate(${x},${y}) scale(${k})`,
    );
    svgRef.current?.setAttribute('data-zoom', zoomLevelAt(k));
    svgRef.current?.style.setProperty(
      '--mesh-label-size',
      `${labelSizeAt(k).toFixed(1)}px`,
    );
  }, [contentRef, svgRef]);

  const viewport = useCallback(() => {
    const svg = svgRef.current;
    // jsdom has no layout: fall back to a typical size.
    return {
      width: svg?.clientWidth || 1000,
      height: svg?.clientHeight || 640,
    };
  }, [svgRef]);

  /** Fits a content rectangle into the viewport, never zooming in past 1.5. */
  const fitBox = useCallback(
    (box: { x: number; y: number; width: number; height: number }) => {
      const { width, height } = viewport();
      const margin = 48;
      const k = clamp(
        Math.min(
          (width - 2 * margin) / Math.max(box.width, 1),
          (height - 2 * margin) / Math.max(box.height, 1),
          1.5,
        ),
      );
      transform.current = {
        k,
        x: (width - box.width * k) / 2 - box.x * k,
        y: (height - box.height * k) / 2 - box.y * k,
      };
      apply();
    },
    [apply, viewport],
  );

  const fit = useCallback(
    () => fitBox({ x: 0, y: 0, width: size.width, height: size.height }),
    [fitBox, size.width, size.height],
  );

  const zoomBy = useCallback(
    (factor: number, cx?: number, cy?: number) => {
      const { width, height } = viewport();
      const px = cx ?? width / 2;
      const py = cy ?? height / 2;
      const { k, x, y } = transform.current;
      const next = clamp(k * factor);
      // Keep the content point under (px, py) where it is.
      transform.current = {
        k: next,
        x: px - ((px - x) / k) * next,
        y: py - ((py - y) / k) * next,
      };
      apply();
    },
    [apply, viewport],
  );

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = svg.getBoundingClientRect();
      zoomBy(
        Math.exp(-event.deltaY * 0.0015),
        event.clientX - rect.left,
        event.clientY - rect.top,
      );
    };
    let drag:
      | { startX: number; startY: number; x: number; y: number }
      | undefined;
    const onMove = (event: PointerEvent) => {
      if (!drag) return;
      if (
        Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) > 4
      ) {
        moved.current = true;
      }
      transform.current = {
        ...transform.current,
        x: drag.x + event.clientX - drag.startX,
        y: drag.y + event.clientY - drag.startY,
      };
      apply();
    };
    const onUp = () => {
      drag = undefined;
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
    const onDown = (event: PointerEvent) => {
      if (event.button !== 0) return;
      moved.current = false;
      drag = {
        startX: event.clientX,
        startY: event.clientY,
        x: transform.current.x,
        y: transform.current.y,
      };
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
    };
    // Non-passive, or the page would scroll while zooming.
    svg.addEventListener('wheel', onWheel, { passive: false });
    svg.addEventListener('pointerdown', onDown);
    return () => {
      svg.removeEventListener('wheel', onWheel);
      svg.removeEventListener('pointerdown', onDown);
      onUp();
    };
  }, [svgRef, zoomBy, apply]);

  const wasDragged = useCallback(() => moved.current, []);

  return { fit, fitBox, zoomBy, wasDragged };
}
