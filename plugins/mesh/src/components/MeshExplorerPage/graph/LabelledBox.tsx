import type { LaidOutGroup } from '../layout/groupedLayout';

/** How a box is drawn: a cluster's region or a namespace (owner, system) box. */
export interface BoxLook {
  radius: number;
  fill: string;
  stroke: string;
  strokeWidth?: number;
  /** Label offset from the box's top left corner. */
  labelAt: { x: number; y: number };
  labelClassName: string;
  labelWeight: number;
  labelColor: string;
}

/** A titled box of the explorer's map, "<label> (<size>)". */
export const LabelledBox = ({
  box,
  look,
  testId,
}: {
  box: LaidOutGroup;
  look: BoxLook;
  testId: string;
}) => (
  <g
    data-testid={testId}
    data-region={testId === 'mesh-region' ? box.key : undefined}
  >
    <rect
      x={box.x}
      y={box.y}
      width={box.width}
      height={box.height}
      rx={look.radius}
      fill={look.fill}
      stroke={look.stroke}
      strokeWidth={look.strokeWidth}
    />
    <text
      x={box.x + look.labelAt.x}
      y={box.y + look.labelAt.y}
      className={look.labelClassName}
      fontWeight={look.labelWeight}
      fill={look.labelColor}
    >
      {box.label} ({box.size})
    </text>
  </g>
);
