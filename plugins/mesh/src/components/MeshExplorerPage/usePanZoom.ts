import { RefObject, useCallback, useEffect, useRef } from 'react';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, zoomTransform, ZoomBehavior } from 'd3-zoom';

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

/** How far one arrow key press pans, in screen pixels. */
const PAN_STEP = 60;
/** How much one `+` or `-` key press (or zoom button) zooms. */
export const ZOOM_STEP = 1.3;

/**
 * Pan and zoom of an SVG drawing with `d3-zoom`: drag to pan, wheel and
 * pinch to zoom around the pointer, and from the keyboard (focus inside the
 * drawing) arrows to pan, `+`/`-` to zoom and `0` to fit. The transform is
 * written straight to the content group's attribute rather than through
 * React state, so moving a 2,500-element drawing re-renders nothing.
 */
export function usePanZoom(
  svgRef: RefObject<SVGSVGElement>,
  contentRef: RefObject<SVGGElement>,
  size: { width: number; height: number },
) {
  const behaviour = useRef<ZoomBehavior<SVGSVGElement, unknown>>();
  // Set when the last pointer gesture moved the drawing: the click that
  // ends a drag must not open the node under the pointer.
  const moved = useRef(false);

  const viewport = useCallback(() => {
    const svg = svgRef.current;
    // jsdom has no layout: fall back to a typical size.
    return {
      width: svg?.clientWidth || 1000,
      height: svg?.clientHeight || 640,
    };
  }, [svgRef]);

  const apply = useCallback(
    ({ k, x, y }: ViewTransform) => {
      contentRef.current?.setAttribute(
        'transform',
        `translate(${x},${y}) scale(${k})`,
      );
      svgRef.current?.setAttribute('data-zoom', zoomLevelAt(k));
      svgRef.current?.style.setProperty(
        '--mesh-label-size',
        `${labelSizeAt(k).toFixed(1)}px`,
      );
    },
    [contentRef, svgRef],
  );

  // One behaviour per drawing, bound to the svg while it is mounted.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const behaviourOfSvg = zoom<SVGSVGElement, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      .filter((event: MouseEvent) => {
        // d3-zoom's default: the main button only, ctrl only with the wheel.
        if (event.button || (event.ctrlKey && event.type !== 'wheel')) {
          return false;
        }
        // A drag needs the event's window (d3 blocks text selection there);
        // a press dispatched without one (jsdom) stays a plain click.
        return event.type !== 'mousedown' || Boolean(event.view);
      })
      // The default reads the svg's width attribute, which jsdom lacks.
      .extent(() => {
        const { width, height } = viewport();
        return [
          [0, 0],
          [width, height],
        ];
      })
      .on('start', event => {
        if (event.sourceEvent) moved.current = false;
      })
      .on('zoom', event => {
        const source = event.sourceEvent as Event | null;
        if (source && source.type !== 'wheel') moved.current = true;
        apply(event.transform);
      });
    const selection = select(svg);
    selection
      .call(behaviourOfSvg)
      // Double-click opens nodes; it must not zoom as well.
      .on('dblclick.zoom', null);
    behaviour.current = behaviourOfSvg;
    return () => {
      selection.on('.zoom', null);
      behaviour.current = undefined;
    };
  }, [svgRef, viewport, apply]);

  const setTransform = useCallback(
    (next: ViewTransform) => {
      const svg = svgRef.current;
      if (svg && behaviour.current) {
        select(svg).call(
          behaviour.current.transform,
          zoomIdentity.translate(next.x, next.y).scale(next.k),
        );
      } else {
        apply(next);
      }
    },
    [svgRef, apply],
  );

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
      setTransform({
        k,
        x: (width - box.width * k) / 2 - box.x * k,
        y: (height - box.height * k) / 2 - box.y * k,
      });
    },
    [setTransform, viewport],
  );

  const fit = useCallback(
    () => fitBox({ x: 0, y: 0, width: size.width, height: size.height }),
    [fitBox, size.width, size.height],
  );

  /** Zooms by `factor` around the viewport's centre. */
  const zoomBy = useCallback(
    (factor: number) => {
      const svg = svgRef.current;
      if (svg && behaviour.current) {
        select(svg).call(behaviour.current.scaleBy, factor);
      }
    },
    [svgRef],
  );

  /** Pans by screen pixels. */
  const panBy = useCallback(
    (dx: number, dy: number) => {
      const svg = svgRef.current;
      if (svg && behaviour.current) {
        const { k } = zoomTransform(svg);
        select(svg).call(behaviour.current.translateBy, dx / k, dy / k);
      }
    },
    [svgRef],
  );

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const action: Record<string, () => void> = {
        ArrowLeft: () => panBy(PAN_STEP, 0),
        ArrowRight: () => panBy(-PAN_STEP, 0),
        ArrowUp: () => panBy(0, PAN_STEP),
        ArrowDown: () => panBy(0, -PAN_STEP),
        '+': () => zoomBy(ZOOM_STEP),
        '=': () => zoomBy(ZOOM_STEP),
        '-': () => zoomBy(1 / ZOOM_STEP),
        '0': fit,
      };
      const run = action[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    };
    svg.addEventListener('keydown', onKeyDown);
    return () => svg.removeEventListener('keydown', onKeyDown);
  }, [svgRef, panBy, zoomBy, fit]);

  const wasDragged = useCallback(() => moved.current, []);

  return { fit, fitBox, zoomBy, wasDragged };
}
