/**
 * Small inline SVG icons for the map UI (no icon font or emoji, which not every system draws):
 * each takes a size and draws with currentColor; decorative unless given a title.
 */
import type { ReactElement, ReactNode } from 'react';

const PATHS = {
  comment: <path d="M4 5h16v11H9l-5 4z" />,
  trash: <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />,
  pin: <path d="M9 4h6l-1 6 4 3H6l4-3zM12 13v7" />,
  present: <path d="M3 5h18v11H3zM12 16v4M8 20h8M7 12l3-3 2 2 4-4" />,
  versions: <path d="M12 7v5l3 2M4 12a8 8 0 1 0 2.3-5.6M4 4v3h3" />,
  download: <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />,
  upload: <path d="M12 20V9M7 14l5-5 5 5M5 4h14" />,
  keyboard: <path d="M3 7h18v11H3zM7 11h.01M11 11h.01M15 11h.01M7 14.5h10" />,
  funnel: <path d="M3 4h18l-7 8v6l-4 2v-8z" />,
  paths: <path d="M4 7h5c4 0 4 10 8 10h3M4 17h5c2 0 3-2 4-4M17 4l3 3-3 3M17 14l3 3-3 3" />,
  user: <path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 4-6 8-6s8 2 8 6" />,
  building: <path d="M5 21V4h10v17M15 9h4v12M8 8h2M8 12h2M8 16h2M3 21h18" />,
  pen: <path d="M4 20l4-1 11-11-3-3L5 16zM14 6l3 3" />,
  target: <path d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z" />,
  heart: <path d="M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.5A4 4 0 0 1 19 10c0 5.5-7 10-7 10z" />,
  alert: <path d="M12 4l9 16H3zM12 10v4M12 17h.01" />,
  bulb: <path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.7.5 1 1.2 1 2.1h5c0-.9.3-1.6 1-2.1A6 6 0 0 0 12 3z" />,
  chart: <path d="M4 20V4M4 20h16M8 16v-4M12 16V8M16 16v-6" />,
  people: <path d="M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c0-3.5 3-5.5 6.5-5.5s6.5 2 6.5 5.5M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14.5c2 .6 3.5 2.4 3.5 5.5" />,
  check: <path d="M5 12l5 5 9-10" />,
  refresh: <path d="M20 11a8 8 0 1 0-2.3 5.6M20 5v6h-6" />,
} as const;

export type IconName = keyof typeof PATHS;

/** A 24×24 line-drawn icon: decorative (aria-hidden) unless it has a title. */
export function StrokeIcon({ className, size, strokeWidth, title, children }: { className: string; size: number; strokeWidth: number; title?: string; children: ReactNode }): ReactElement {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={title ? 'img' : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
    >
      {title ? <title>{title}</title> : null}
      {children}
    </svg>
  );
}

export function Icon({ name, size = 15, title }: { name: IconName; size?: number; title?: string }): ReactElement {
  return (
    <StrokeIcon className={`map-icon icon-${name}`} size={size} strokeWidth={2} title={title}>
      {PATHS[name]}
    </StrokeIcon>
  );
}

/** A face for an emotion value (−2…+2) at (cx, cy) inside an SVG: the mouth curves with the value. */
export function EmotionFace({ cx, cy, value, r = 9, colour, dashed = false }: { cx: number; cy: number; value: number; r?: number; colour: string; dashed?: boolean }): ReactElement {
  const curve = Math.max(-2, Math.min(2, value)) * (r * 0.22);
  const mouthY = cy + r * 0.35 - curve / 2;
  return (
    <g className="emotion-face" aria-hidden="true">
      <circle cx={cx} cy={cy} r={r} fill="#fff" stroke={colour} strokeWidth={dashed ? 1.6 : 2.2} strokeDasharray={dashed ? '3 2' : undefined} />
      <circle cx={cx - r * 0.35} cy={cy - r * 0.2} r={r * 0.11} fill={colour} />
      <circle cx={cx + r * 0.35} cy={cy - r * 0.2} r={r * 0.11} fill={colour} />
      <path d={`M${cx - r * 0.45},${mouthY} Q${cx},${mouthY + curve} ${cx + r * 0.45},${mouthY}`} fill="none" stroke={colour} strokeWidth={1.5} strokeLinecap="round" />
    </g>
  );
}
