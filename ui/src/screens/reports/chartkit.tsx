// The charts of the credit quality screens, drawn as plain SVG: lines month
// by month, stacked bars of the rating distribution, horizontal bars of a
// ranking. No chart library: these three shapes need a scale, nice ticks and
// a legend, about 300 lines, where a library would add tens of kilobytes and
// its own look (ARCHITECTURE.md, "ui"). Each chart has a fixed size (its
// pixels are compared in the screenshot test), scales down to the page in
// print, tells series apart by colour *and* by dash and marker (a black and
// white printout stays readable), and writes numbers the Vietnamese way.
import type { ComponentChildren } from "preact";
import { t } from "../../i18n";
import { axisNumber, stepDecimals, ticks } from "../../lib/scale";

/** A chart with its caption; `name` is what the screenshot test finds it by. */
export function ChartFigure({ name, title, children }: { name: string; title: string; children: ComponentChildren }) {
  return (
    <figure class="chart-figure" data-chart={name}>
      <figcaption>{title}</figcaption>
      {children}
    </figure>
  );
}

export const PALETTE = ["#0b5c8e", "#c0392b", "#1e7b34", "#d68910", "#6c3483", "#117a8b", "#7d6608", "#5b6877"];
const DASHES = ["", "7 4", "2 3", "9 3 2 3"];
const MARKERS = ["circle", "square", "triangle", "diamond"] as const;

/** Axis labels of a percent axis: `0,5 %`. */
export function percentAxis(step: number): (v: number) => string {
  const d = stepDecimals(step);
  return (v) => `${axisNumber(v, d)} %`;
}

/** Axis labels of an amount axis in millions (`1,5`) when the values reach a million, else in đồng. */
export function dongAxis(max: number, step: number): { format: (v: number) => string; unit: string } {
  if (max >= 1_000_000) {
    const d = stepDecimals(step / 1_000_000);
    return { format: (v) => axisNumber(v / 1_000_000, d), unit: t("rep.ch.millionDong") };
  }
  return { format: (v) => axisNumber(v, 0), unit: t("rep.ch.dong") };
}

function Marker({ kind, x, y, color }: { kind: (typeof MARKERS)[number]; x: number; y: number; color: string }) {
  switch (kind) {
    case "square":
      return <rect x={x - 3} y={y - 3} width={6} height={6} fill={color} />;
    case "triangle":
      return <path d={`M${x} ${y - 4}L${x + 4} ${y + 3}L${x - 4} ${y + 3}Z`} fill={color} />;
    case "diamond":
      return <path d={`M${x} ${y - 4}L${x + 4} ${y}L${x} ${y + 4}L${x - 4} ${y}Z`} fill={color} />;
    default:
      return <circle cx={x} cy={y} r={3.2} fill={color} />;
  }
}

export type LineSeries = { key: string; label: string; values: (number | null)[] };

type LegendItem = { key: string; label: string; color: string; dash?: string; marker?: (typeof MARKERS)[number]; box?: boolean };

/** A legend under a chart, in as many columns as fit; its height. */
function legendHeight(items: number, width: number, col = 230): number {
  const perRow = Math.max(1, Math.floor(width / col));
  return Math.ceil(items / perRow) * 18 + 6;
}

function Legend({ items, x, y, width, col = 230 }: { items: LegendItem[]; x: number; y: number; width: number; col?: number }) {
  const perRow = Math.max(1, Math.floor(width / col));
  return (
    <g class="legend" transform={`translate(${x},${y})`}>
      {items.map((it, i) => {
        const lx = (i % perRow) * col;
        const ly = Math.floor(i / perRow) * 18 + 9;
        return (
          <g key={it.key} data-legend={it.key}>
            {it.box ? (
              <rect x={lx} y={ly - 6} width={14} height={11} fill={it.color} />
            ) : (
              <>
                <line x1={lx} y1={ly} x2={lx + 24} y2={ly} stroke={it.color} stroke-width={2.2} stroke-dasharray={it.dash || undefined} />
                {it.marker && <Marker kind={it.marker} x={lx + 12} y={ly} color={it.color} />}
              </>
            )}
            <text x={lx + (it.box ? 20 : 30)} y={ly + 4}>
              {truncate(it.label, 30)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function truncate(text: string, n: number): string {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

/** Lines month by month, one per series, with a y axis from 0. */
export function LineChart({
  id,
  title,
  categories,
  series,
  unit,
  width = 720,
}: {
  id: string;
  title: string;
  categories: string[];
  series: LineSeries[];
  unit: "percent" | "dong";
  width?: number;
}) {
  const plotH = 220;
  const left = 62;
  const right = 18;
  const top = unit === "dong" ? 26 : 14;
  const bottom = 34;
  const plotW = width - left - right;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(0, ...all);
  const ys = ticks(0, max);
  const step = ys.length > 1 ? ys[1] - ys[0] : 1;
  const yMax = ys[ys.length - 1] || 1;
  const axis = unit === "percent" ? { format: percentAxis(step), unit: "%" } : dongAxis(yMax, step);
  const n = categories.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const items: LegendItem[] = series.map((s, i) => ({
    key: s.key,
    label: s.label,
    color: PALETTE[i % PALETTE.length],
    dash: DASHES[i % DASHES.length],
    marker: MARKERS[i % MARKERS.length],
  }));
  const legendY = top + plotH + bottom;
  const height = legendY + legendHeight(items.length, plotW);
  // At most ~12 month labels: every other one beyond that.
  const every = Math.max(1, Math.ceil(n / 12));
  return (
    <svg
      class="chart"
      id={id}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title`}
    >
      <title id={`${id}-title`}>{title}</title>
      <rect x={0} y={0} width={width} height={height} fill="#fff" />
      {ys.map((v) => (
        <g key={v} class="tick">
          <line x1={left} x2={left + plotW} y1={y(v)} y2={y(v)} stroke={v === 0 ? "#6b7785" : "#e1e6eb"} />
          <text x={left - 6} y={y(v) + 4} text-anchor="end">
            {axis.format(v)}
          </text>
        </g>
      ))}
      {unit === "dong" && (
        <text class="axis-unit" x={left - 6} y={12} text-anchor="end">
          {axis.unit}
        </text>
      )}
      {categories.map((c, i) =>
        i % every === 0 || i === n - 1 ? (
          <text key={c + i} x={x(i)} y={top + plotH + 16} text-anchor="middle">
            {c}
          </text>
        ) : null,
      )}
      {series.map((s, si) => {
        const color = items[si].color;
        const segments: string[] = [];
        let d = "";
        s.values.forEach((v, i) => {
          if (v === null) {
            if (d) segments.push(d);
            d = "";
            return;
          }
          d += `${d ? "L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
        });
        if (d) segments.push(d);
        return (
          <g key={s.key} data-series={s.key}>
            {segments.map((p, k) => (
              <path key={k} d={p} fill="none" stroke={color} stroke-width={2.2} stroke-dasharray={items[si].dash || undefined} stroke-linejoin="round" />
            ))}
            {s.values.map((v, i) =>
              v === null ? null : <Marker key={i} kind={items[si].marker!} x={x(i)} y={y(v)} color={color} />,
            )}
          </g>
        );
      })}
      <Legend items={items} x={left} y={legendY} width={plotW} />
    </svg>
  );
}

export type Stack = { key: string; label: string; color: string; ink: string; values: number[] };

/** Stacked bars per month (the rating distribution): the count in each segment. */
export function StackedBarChart({
  id,
  title,
  categories,
  stacks,
  width = 720,
}: {
  id: string;
  title: string;
  categories: string[];
  stacks: Stack[];
  width?: number;
}) {
  const plotH = 200;
  const left = 40;
  const right = 18;
  const top = 14;
  const bottom = 34;
  const plotW = width - left - right;
  const n = categories.length;
  const totals = categories.map((_, i) => stacks.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const ys = ticks(0, Math.max(1, ...totals), 4).map(Math.round);
  const yMax = ys[ys.length - 1] || 1;
  const slot = plotW / Math.max(1, n);
  const barW = Math.min(40, slot * 0.62);
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const items: LegendItem[] = stacks.map((s) => ({ key: s.key, label: s.label, color: s.color, box: true }));
  const legendY = top + plotH + bottom;
  const height = legendY + legendHeight(items.length, plotW, 150);
  return (
    <svg class="chart" id={id} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{title}</title>
      <rect x={0} y={0} width={width} height={height} fill="#fff" />
      {[...new Set(ys)].map((v) => (
        <g key={v} class="tick">
          <line x1={left} x2={left + plotW} y1={y(v)} y2={y(v)} stroke={v === 0 ? "#6b7785" : "#e1e6eb"} />
          <text x={left - 6} y={y(v) + 4} text-anchor="end">
            {axisNumber(v, 0)}
          </text>
        </g>
      ))}
      {categories.map((c, i) => {
        const cx = left + slot * i + slot / 2;
        let acc = 0;
        return (
          <g key={c + i} data-bar={i}>
            {stacks.map((s) => {
              const v = s.values[i] ?? 0;
              if (v <= 0) return null;
              const y0 = y(acc + v);
              const h = y(acc) - y0;
              acc += v;
              return (
                <g key={s.key}>
                  <rect x={cx - barW / 2} y={y0} width={barW} height={h} fill={s.color} stroke="#fff" stroke-width={0.8} />
                  {h >= 13 && (
                    <text x={cx} y={y0 + h / 2 + 4} text-anchor="middle" style={{ fill: s.ink }} class="in-bar">
                      {v}
                    </text>
                  )}
                </g>
              );
            })}
            <text x={cx} y={top + plotH + 16} text-anchor="middle">
              {c}
            </text>
          </g>
        );
      })}
      <Legend items={items} x={left} y={legendY} width={plotW} col={150} />
    </svg>
  );
}

export type Bar = { key: string; label: string; value: number | null; text: string; worse: boolean };

/** Horizontal bars, one row per unit in the order given (a ranking), with the whole's value as a dashed line. */
export function HBarChart({
  id,
  title,
  bars,
  whole,
  width = 720,
}: {
  id: string;
  title: string;
  bars: Bar[];
  whole: { value: number; text: string } | null;
  width?: number;
}) {
  const rowH = 22;
  const labelW = 210;
  const valueW = 110;
  const top = whole ? 22 : 8;
  const plotW = width - labelW - valueW - 12;
  const values = bars.map((b) => b.value).filter((v): v is number => v !== null);
  if (whole) values.push(whole.value);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  const x = (v: number) => labelW + ((v - lo) / span) * plotW;
  const height = top + bars.length * rowH + 8;
  return (
    <svg class="chart" id={id} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{title}</title>
      <rect x={0} y={0} width={width} height={height} fill="#fff" />
      <line x1={x(0)} x2={x(0)} y1={top - 4} y2={height - 6} stroke="#6b7785" />
      {bars.map((b, i) => {
        const cy = top + i * rowH + rowH / 2;
        const x0 = b.value === null ? x(0) : Math.min(x(0), x(b.value));
        const w = b.value === null ? 0 : Math.abs(x(b.value) - x(0));
        return (
          <g key={b.key} data-row={b.key} class={b.worse ? "worse" : undefined}>
            <text x={labelW - 8} y={cy + 4} text-anchor="end">
              {truncate(b.label, 30)}
            </text>
            <rect x={x0} y={cy - 7} width={Math.max(w, b.value === null ? 0 : 1)} height={14} fill={b.worse ? "#c0392b" : "#0b5c8e"} />
            <text x={labelW + plotW + 8} y={cy + 4}>
              {b.text}
            </text>
          </g>
        );
      })}
      {whole && (
        <g class="whole">
          <line x1={x(whole.value)} x2={x(whole.value)} y1={top - 6} y2={height - 4} stroke="#1d2733" stroke-dasharray="4 3" />
          <text x={x(whole.value)} y={12} text-anchor="middle">
            {whole.text}
          </text>
        </g>
      )}
    </svg>
  );
}
