import { useId } from 'react';

// viewBox 300x400 matches the 3:4 camera box; oval centre (150, 180), radii 105 x 140.
const CX = 150;
const CY = 180;
const RX = 105;
const RY = 140;

/** An ellipse as a path that starts at the top and runs clockwise (so a dash can grow like a progress ring). */
function ellipsePath(rx: number, ry: number): string {
  return `M ${CX} ${CY - ry} A ${rx} ${ry} 0 1 1 ${CX} ${CY + ry} A ${rx} ${ry} 0 1 1 ${CX} ${CY - ry} Z`;
}

/**
 * The face oval drawn over the camera: the outside is dimmed, the rim turns green when the face is well placed,
 * and an optional progress ring runs around it during the challenges.
 *
 * @example
 * ```tsx
 * <FaceOval state="warn" progress={0.4} />
 * ```
 */
export function FaceOval(props: { state: 'idle' | 'ok' | 'warn'; progress?: number | null }) {
  const { state, progress } = props;
  const maskId = `pv-oval-mask-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  return (
    <svg className="pv-oval" viewBox="0 0 300 400" preserveAspectRatio="xMidYMid slice" aria-hidden="true">
      <defs>
        <mask id={maskId} maskUnits="userSpaceOnUse" x="0" y="0" width="300" height="400">
          <rect x="0" y="0" width="300" height="400" fill="#fff" />
          <ellipse cx={CX} cy={CY} rx={RX} ry={RY} fill="#000" />
        </mask>
      </defs>
      <rect x="0" y="0" width="300" height="400" className="pv-oval-dim" mask={`url(#${maskId})`} />
      <ellipse cx={CX} cy={CY} rx={RX} ry={RY} className={`pv-oval-rim pv-oval-${state}`} />
      {progress !== undefined && progress !== null && (
        <path
          d={ellipsePath(RX + 7, RY + 7)}
          className="pv-oval-progress"
          pathLength={100}
          strokeDasharray={`${Math.min(100, Math.max(0, progress * 100))} 100`}
        />
      )}
    </svg>
  );
}
