// «Phí ủy thác và hoa hồng»: the month's association fees and group
// commissions, each association followed by its groups. On a supervisor's
// laptop, the whole district's from the server (./source.tsx).
import { reportIpc } from "../../lib/ipc";
import { formatDong } from "../../lib/format";
import { formatMonth, formatPct, monthOf } from "../../lib/report";
import { ExportButtons } from "../../components";
import { t } from "../../i18n";
import { AsOf, MonthBar, today } from "./common";
import { SourceChoice, SourceLine, SourceNotes, exportSource, useSourced } from "./source";
import type { ReportRoute } from "./Reports";

/** `"0.045"` → `0,045 %`: a monthly rate with the places it has (at least 2). */
export function ratePct(value: string): string {
  const places = Math.max(2, (value.split(".")[1] ?? "").length);
  return formatPct(value, places);
}

export function FeesScreen({ r }: { r: ReportRoute }) {
  const now = today();
  const month = r.q?.month ?? (now ? monthOf(now) : "");
  const s = useSourced(
    r,
    `fees/${month}`,
    () => reportIpc.feeReport(month || null),
    () => reportIpc.districtFees(month || null),
  );
  const d = s.data;
  return (
    <>
      <header class="page-head">
        <h1>{t("rep.f.title", { month: formatMonth(month) })}</h1>
      </header>
      <MonthBar id="fees-month" r={r} month={month}>
        <SourceChoice id="fees-source" r={r} s={s} />
        <ExportButtons id="fees-export" args={{ document: "fees", month: month || null, ...exportSource(s) }} />
      </MonthBar>
      <SourceNotes s={s} />
      {d && (
        <div class="printable" data-source={s.source}>
          <AsOf date={d.asOf} />
          <SourceLine s={s} />
          <p data-testid="fee-rates">{t("rep.f.rates", { a: ratePct(d.associationRatePct), g: ratePct(d.groupRatePct) })}</p>
          <p class="muted small">{t("rep.f.note")}</p>
          <table class="table" id="fees">
            <thead>
              <tr>
                <th>{t("rep.col.unit")}</th>
                <th class="num">{t("rep.f.col.outstanding")}</th>
                <th class="num">{t("rep.f.col.due")}</th>
                <th class="num">{t("rep.f.col.collected")}</th>
                <th class="num">{t("rep.f.col.base")}</th>
                <th class="num">{t("rep.f.col.rate")}</th>
                <th class="num">{t("rep.f.col.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((row) => (
                <tr key={row.id} class={`level-${row.level}`} data-level={row.level} data-code={row.code}>
                  <th scope="row" class="unit">
                    {row.level === "group" ? `${row.code} ${row.label}` : `${row.label} · ${t("rep.f.fee")}`}
                  </th>
                  <td class="num">{formatDong(row.outstanding)}</td>
                  <td class="num">{formatDong(row.interestDue)}</td>
                  <td class="num">{formatDong(row.interestCollected)}</td>
                  <td class="num">{formatDong(row.base)}</td>
                  <td class="num">{ratePct(row.ratePct)}</td>
                  <td class="num" data-col="amount">
                    {formatDong(row.amount)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={6}>{t("rep.f.totalFee")}</th>
                <td class="num" data-testid="total-fee">
                  <strong>{formatDong(d.totalAssociationFee)}</strong>
                </td>
              </tr>
              <tr>
                <th colSpan={6}>{t("rep.f.totalCommission")}</th>
                <td class="num" data-testid="total-commission">
                  <strong>{formatDong(d.totalGroupCommission)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </>
  );
}
