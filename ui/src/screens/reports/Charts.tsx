// «Biểu đồ»: overdue ratio and interest arrears at each month-end per
// commune (point) and association, the rating distribution month by month,
// and the groups ranked by overdue ratio — from one `report_series` (the
// book read once, measured at each month-end) and one `compare_units`.
import { reportIpc, type ReportSeries, type SeriesLine, type SeriesValue } from "../../lib/ipc";
import { addMonths, formatMonth, monthOf, shortMonth } from "../../lib/report";
import { formatDate } from "../../lib/format";
import { navigate } from "../../lib/router";
import { Loading } from "../../components";
import { t } from "../../i18n";
import { ChartFigure, LineChart, StackedBarChart, type LineSeries, type Stack } from "./chartkit";
import { RankingChart } from "./Compare";
import { MonthPicker, PrintButton, ReportError, today, useReport, withQuery } from "./common";
import type { ReportRoute } from "./Reports";

const SPANS = [6, 12, 24, 36];

export const GRADE_STACKS: Omit<Stack, "values" | "label">[] = [
  { key: "tot", color: "#1e7b34", ink: "#ffffff" },
  { key: "kha", color: "#7fb3d5", ink: "#1d2733" },
  { key: "trungBinh", color: "#f5c26b", ink: "#1d2733" },
  { key: "yeu", color: "#c0392b", ink: "#ffffff" },
];

/** The lines a chart follows: each point and each association (the office too when it has several points). */
export function chartLines(series: ReportSeries): SeriesLine[] {
  const points = series.lines.filter((l) => l.level === "point").length;
  return series.lines.filter((l) => l.level !== "office" || points > 1);
}

/** The last day measured for a month: its end, or today for the running month. */
function monthEnd(month: string, now: string): string {
  const [y, m] = month.split("-").map(Number);
  const last = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
  return last < now ? last : now;
}

export function SeriesCharts({ series }: { series: ReportSeries }) {
  const categories = series.months.map((m) => shortMonth(m.month));
  const lines = chartLines(series);
  // Ratios are decimal strings; a chart only needs them as positions.
  const pick = (f: (v: SeriesValue) => number): LineSeries[] =>
    lines.map((l) => ({ key: l.code, label: l.label, values: l.values.map(f) }));
  return (
    <>
      <ChartFigure name="overdue-ratio" title={t("rep.ch.overdueRatio")}>
        <LineChart
          id="chart-overdue-ratio"
          title={t("rep.ch.overdueRatio")}
          categories={categories}
          unit="percent"
          series={pick((v) => Number(v.overdueRatioPct))}
        />
      </ChartFigure>
      <ChartFigure name="arrears" title={t("rep.ch.arrears")}>
        <LineChart id="chart-arrears" title={t("rep.ch.arrears")} categories={categories} unit="dong" series={pick((v) => v.interestArrears)} />
      </ChartFigure>
      <ChartFigure name="grades" title={t("rep.ch.grades")}>
        <StackedBarChart
          id="chart-grades"
          title={t("rep.ch.grades")}
          categories={categories}
          stacks={GRADE_STACKS.map((s) => ({
            ...s,
            label: t(`rep.grade.${s.key === "trungBinh" ? "trung_binh" : s.key}` as "rep.grade.tot"),
            values: series.months.map((m) => m.grades[s.key as keyof typeof m.grades]),
          }))}
        />
      </ChartFigure>
    </>
  );
}

export function ChartsScreen({ r }: { r: ReportRoute }) {
  const now = today() ?? "";
  const to = r.q?.to ?? monthOf(now);
  const span = SPANS.includes(Number(r.q?.months)) ? Number(r.q!.months) : 12;
  const from = addMonths(to, 1 - span);
  const series = useReport(`charts/${from}/${to}`, () => reportIpc.reportSeries(from, to));
  const rankingDate = now ? monthEnd(to, now) : null;
  const ranking = useReport(`charts-ranking/${rankingDate}`, () =>
    reportIpc.compareUnits({ asOf: rankingDate, level: "group", indicator: "overdue_ratio" }),
  );
  return (
    <>
      <header class="page-head">
        <h1>{t("rep.ch.title")}</h1>
        <p class="muted no-print">{t("rep.ch.intro")}</p>
      </header>
      <div class="filters no-print">
        <MonthPicker id="charts-to" label={t("rep.ch.to")} value={to} onChange={(m) => navigate(withQuery(r, "to", m))} />
        <label class="filter" for="charts-span">
          <span>{t("rep.ch.span")}</span>
          <select id="charts-span" value={String(span)} onChange={(e) => navigate(withQuery(r, "months", (e.currentTarget as HTMLSelectElement).value))}>
            {SPANS.map((n) => (
              <option key={n} value={String(n)}>
                {t("rep.ch.months", { n })}
              </option>
            ))}
          </select>
        </label>
        <PrintButton />
      </div>
      <div class="printable charts">
        <p class="small" data-testid="charts-range">
          {t("rep.ch.range", { from: formatMonth(from), to: formatMonth(to) })}
        </p>
        <ReportError error={series.error} onRetry={series.reload} />
        {series.loading && !series.data && <Loading />}
        {series.data && <SeriesCharts series={series.data} />}
        <ReportError error={ranking.error} onRetry={ranking.reload} />
        {ranking.data && (
          <ChartFigure name="ranking" title={t("rep.ch.ranking", { date: formatDate(ranking.data.asOf) })}>
            <RankingChart id="chart-ranking" c={ranking.data} />
          </ChartFigure>
        )}
      </div>
    </>
  );
}
