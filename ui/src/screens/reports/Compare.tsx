// «So sánh»: the units of one level side by side, ranked best first by an
// indicator, against the whole they make up — "chất lượng tín dụng chưa
// đồng đều" (uneven quality) visible at a glance. On a supervisor's laptop,
// the whole district's units from the server (./source.tsx); no unit is a
// link here, so the server's figures need nothing else.
import { reportIpc, type Comparison, type Indicator, type ReportLevel } from "../../lib/ipc";
import { formatDong } from "../../lib/format";
import { formatPct, formatSignedDong } from "../../lib/report";
import { navigate } from "../../lib/router";
import { ExportButtons } from "../../components";
import { codeLabel, t, type Key } from "../../i18n";
import { HBarChart } from "./chartkit";
import { AsOf, DatePicker, PrintButton, today, withQuery } from "./common";
import { SourceChoice, SourceLine, SourceNotes, exportSource, useSourced } from "./source";
import type { ReportRoute } from "./Reports";

export const INDICATORS: Indicator[] = [
  "overdue_ratio",
  "overdue",
  "overdue_change_since_jan1",
  "overdue_change_since_last_month",
  "frozen_ratio",
  "interest_arrears",
  "interest_collection_rate",
  "inactive",
  "moved_away_outstanding",
  "outstanding",
];

const LEVELS: ReportLevel[] = ["association", "group", "point"];

/** A comparison's value as written for its unit. */
export function valueText(c: Pick<Comparison, "unit" | "indicator">, value: string | null, signed = false): string {
  if (value === null) return "—";
  if (c.unit === "percent") return signed && !value.startsWith("-") && Number(value) !== 0 ? `+${formatPct(value)}` : formatPct(value);
  if (c.unit === "count") return signed && Number(value) > 0 ? `+${value}` : value;
  const n = Number(value);
  return signed || c.indicator.startsWith("overdue_change") ? formatSignedDong(n) : formatDong(n);
}

/** The ranking as bars: best first; units worse than the whole in red. */
export function RankingChart({ id, c }: { id: string; c: Comparison }) {
  return (
    <HBarChart
      id={id}
      title={`${codeLabel("rep.ind", c.indicator, c.indicatorLabel)} — ${c.wholeLabel}`}
      bars={c.rows.map((row) => ({
        key: row.code,
        label: unitName(c.level, row.code, row.label),
        value: row.value === null ? null : Number(row.value),
        text: valueText(c, row.value),
        worse: row.worseThanWhole,
      }))}
      whole={c.wholeValue === null ? null : { value: Number(c.wholeValue), text: t("rep.c.wholeShort", { value: valueText(c, c.wholeValue) }) }}
    />
  );
}

function unitName(level: string, code: string, label: string): string {
  return level === "group" || level === "borrower" ? `${code} ${label}` : label;
}

export function CompareScreen({ r }: { r: ReportRoute }) {
  const date = r.q?.date ?? today() ?? "";
  const level = (LEVELS as string[]).includes(r.q?.level ?? "") ? (r.q!.level as ReportLevel) : "association";
  const indicator = (INDICATORS as string[]).includes(r.q?.by ?? "") ? (r.q!.by as Indicator) : "overdue_ratio";
  const args = { asOf: date || null, level, indicator };
  const s = useSourced(
    r,
    `compare/${date}/${level}/${indicator}`,
    () => reportIpc.compareUnits(args),
    () => reportIpc.districtCompare(args),
  );
  const c = s.data;
  return (
    <>
      <header class="page-head">
        <h1>{t("rep.c.title")}</h1>
        <p class="muted no-print">{t("rep.c.intro")}</p>
      </header>
      <div class="filters no-print">
        <SourceChoice id="compare-source" r={r} s={s} />
        <label class="filter" for="compare-level">
          <span>{t("rep.c.level")}</span>
          <select id="compare-level" value={level} onChange={(e) => navigate(withQuery(r, "level", (e.currentTarget as HTMLSelectElement).value))}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`rep.level.${l}` as Key)}
              </option>
            ))}
          </select>
        </label>
        <label class="filter" for="compare-by">
          <span>{t("rep.c.indicator")}</span>
          <select id="compare-by" value={indicator} onChange={(e) => navigate(withQuery(r, "by", (e.currentTarget as HTMLSelectElement).value))}>
            {INDICATORS.map((i) => (
              <option key={i} value={i}>
                {t(`rep.ind.${i}` as Key)}
              </option>
            ))}
          </select>
        </label>
        <DatePicker id="compare-date" value={date} onApply={(d) => navigate(withQuery(r, "date", d))} />
        <PrintButton />
        <ExportButtons id="compare-export" formats={["xlsx"]} args={{ document: "comparison", asOf: date || null, level, indicator, ...exportSource(s) }}
        />
      </div>
      <SourceNotes s={s} />
      {c && (
        <div class="printable" data-source={s.source}>
          <AsOf date={c.asOf} />
          <SourceLine s={s} />
          <p data-testid="compare-whole">
            {t("rep.c.whole", { whole: c.wholeLabel, value: valueText(c, c.wholeValue) })}
            {c.spread !== null && <> · {t("rep.c.spread", { spread: valueText(c, c.spread) })}</>}
          </p>
          <figure class="chart-figure">
            <RankingChart id="compare-chart" c={c} />
          </figure>
          <table class="table" id="comparison">
            <thead>
              <tr>
                <th class="num">{t("rep.c.rank")}</th>
                <th>{t("rep.col.unit")}</th>
                <th class="num">{codeLabel("rep.ind", c.indicator, c.indicatorLabel)}</th>
                <th class="num">{t("rep.c.diff")}</th>
                <th class="num">{t("rep.col.outstanding")}</th>
                <th class="num">{t("rep.col.overdueRatio")}</th>
                <th class="num">{t("rep.col.arrears")}</th>
              </tr>
            </thead>
            <tbody>
              {c.rows.map((row) => (
                <tr key={row.id} class={row.worseThanWhole ? "worse" : undefined} data-code={row.code}>
                  <td class="num" data-col="rank">
                    {row.rank ?? "—"}
                  </td>
                  <td>
                    {unitName(c.level, row.code, row.label)}
                    {row.worseThanWhole && <span class="badge badge-overdue">{t("rep.c.worse")}</span>}
                  </td>
                  <td class="num" data-col="value">
                    {valueText(c, row.value)}
                  </td>
                  <td class="num">{valueText(c, row.difference, true)}</td>
                  <td class="num">{formatDong(row.figures.outstanding)}</td>
                  <td class="num">{formatPct(row.figures.overdueRatioPct)}</td>
                  <td class="num">{formatDong(row.figures.interestArrears)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
