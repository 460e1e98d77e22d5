/**
 * The emotion curve's geometry: a smooth SVG path through the points of an emotion lane
 * (monotone cubic interpolation, so the curve never overshoots −2…+2 between two points), broken
 * where a step has no value. Pure; the EmotionLane component draws it.
 */

export interface CurvePoint {
  x: number;
  y: number;
}

/** y for an emotion value (−2 at the bottom, +2 at the top) inside a lane of the given height. */
export function emotionY(value: number, height: number, padding = 14): number {
  const clamped = Math.max(-2, Math.min(2, value));
  return padding + ((2 - clamped) / 4) * (height - 2 * padding);
}

/** The value (rounded to a whole −2…+2) for a y inside the lane (the inverse of emotionY). */
export function emotionAt(y: number, height: number, padding = 14): number {
  const v = 2 - ((y - padding) / (height - 2 * padding)) * 4;
  return Math.max(-2, Math.min(2, Math.round(v)));
}

/** Monotone (Fritsch–Carlson) cubic through the points, as SVG path commands. */
export function monotonePath(points: readonly CurvePoint[]): string {
  const n = points.length;
  if (n === 0) return '';
  const p = points;
  if (n === 1) return `M${p[0]!.x},${p[0]!.y}`;
  const dx: number[] = [];
  const slope: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    dx.push(p[i + 1]!.x - p[i]!.x);
    slope.push((p[i + 1]!.y - p[i]!.y) / (dx[i] || 1));
  }
  const tangent: number[] = [slope[0]!];
  for (let i = 1; i < n - 1; i++) {
    const a = slope[i - 1]!;
    const b = slope[i]!;
    tangent.push(a * b <= 0 ? 0 : (3 * (dx[i - 1]! + dx[i]!)) / ((2 * dx[i]! + dx[i - 1]!) / a + (dx[i]! + 2 * dx[i - 1]!) / b));
  }
  tangent.push(slope[n - 2]!);
  let d = `M${p[0]!.x},${p[0]!.y}`;
  for (let i = 0; i < n - 1; i++) {
    const h = dx[i]! / 3;
    d += ` C${p[i]!.x + h},${p[i]!.y + tangent[i]! * h} ${p[i + 1]!.x - h},${p[i + 1]!.y - tangent[i + 1]! * h} ${p[i + 1]!.x},${p[i + 1]!.y}`;
  }
  return d;
}

/** One path per run of steps that all have a value (a step without one breaks the curve). */
export function curveSegments(values: readonly (number | null)[], xOf: (i: number) => number, height: number): string[] {
  const out: string[] = [];
  let run: CurvePoint[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) out.push(monotonePath(run));
      run = [];
    } else run.push({ x: xOf(i), y: emotionY(v, height) });
  });
  if (run.length) out.push(monotonePath(run));
  return out;
}

export const EMOTION_LABELS: Record<string, string> = {
  '-2': 'very negative',
  '-1': 'negative',
  '0': 'neutral',
  '1': 'positive',
  '2': 'very positive',
};

export function emotionLabel(value: number | null): string {
  if (value === null) return 'not set';
  const r = Math.round(value);
  return `${value > 0 ? '+' : ''}${Number.isInteger(value) ? value : value.toFixed(1)} (${EMOTION_LABELS[String(r)] ?? ''})`;
}
