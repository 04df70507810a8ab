/** Props of {@link Padlock}. */
export interface PadlockProps {
  x: number;
  y: number;
  open: boolean;
  color: string;
}

/** A padlock, closed for mTLS, open for plaintext, centred on (x, y). */
export const Padlock = ({ x, y, open, color }: PadlockProps) => (
  <g transform={`translate(${x - 5},${y - 7})`} aria-hidden>
    <path
      d={
        open
          ? 'M2.5 6 V3.5 a2.5 2.5 0 0 1 5 0 V2'
          : 'M2.5 6 V3.5 a2.5 2.5 0 0 1 5 0 V6'
      }
      transform={open ? 'translate(3,0)' : undefined}
      fill="none"
      stroke={color}
      strokeWidth={1.6}
    />
    <rect x={0.5} y={6} width={9} height={7} rx={1.5} fill={color} />
  </g>
);
