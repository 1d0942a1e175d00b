// The scales of the charts (screens/reports/chartkit.tsx): "nice" ticks and
// axis numbers written the Vietnamese way. Positions on a chart are floats;
// no figure a person reads is computed here.

/** A tick step of 1, 2, 2,5 or 5 × 10ⁿ giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (raw <= m * pow) return m * pow;
  }
  return 10 * pow;
}

/** Ticks from `min` (≤ 0) to `max` (≥ 0) on a nice step. */
export function ticks(min: number, max: number, count = 5): number[] {
  // Nothing but zeros: an axis from 0 to 1 rather than to a fraction of nothing.
  if (min === 0 && max === 0) return [0, 1];
  const step = niceStep(Math.max(max - min, 0) || 1, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.max(Math.ceil(max / step) * step, lo + step);
  const out: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 1e6; i++) out.push(Number((lo + i * step).toFixed(10)));
  return out;
}

/** A number with a comma and `decimals` places: 1234.5 → `1.234,5`. For axis labels only. */
export function axisNumber(v: number, decimals: number): string {
  const fixed = Math.abs(v).toFixed(decimals);
  const [int, frac] = fixed.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${v < 0 && Number(fixed) !== 0 ? "-" : ""}${grouped}${frac ? "," + frac : ""}`;
}

/** Decimal places an axis with this step needs (0,25 → 2; 0,5 → 1; 5 → 0). */
export function stepDecimals(step: number): number {
  const [, frac = ""] = String(Number(step.toPrecision(6))).split(".");
  return Math.min(4, frac.length);
}
