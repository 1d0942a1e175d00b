// «Xếp loại Tổ TK&VV»: each group's grade of a month, and for each group
// the score criterion by criterion, worded so a group leader sees why:
// what was measured, what it reached, how the points are given. On a
// supervisor's laptop, the whole district's from the server (./source.tsx).
import { useEffect, useState } from "preact/hooks";
import { reportIpc, type CriterionScore, type GroupRating, type RatingReport } from "../../lib/ipc";
import { formatDong } from "../../lib/format";
import { decimalText, formatMonth, formatPct, monthOf } from "../../lib/report";
import { href } from "../../lib/router";
import { ExportButtons } from "../../components";
import { codeLabel, t, type Key } from "../../i18n";
import { AsOf, MonthBar, today, toggled } from "./common";
import { SourceChoice, SourceLine, SourceNotes, exportSource, useSourced } from "./source";
import type { ReportRoute } from "./Reports";

export function gradeLabel(grade: string): string {
  return t(`rep.grade.${grade}` as Key);
}

export function GradeBadge({ grade }: { grade: string }) {
  return <span class={`badge grade grade-${grade}`}>{gradeLabel(grade)}</span>;
}

/** Points as written: `18,51`, `20`. */
export function points(text: string): string {
  return decimalText(text, text.includes(".") ? 2 : 0);
}

export function RatingScreen({ r }: { r: ReportRoute }) {
  const now = today();
  const month = r.q?.month ?? (now ? monthOf(now) : "");
  const s = useSourced(
    r,
    `rating/${month}`,
    () => reportIpc.groupRatings(month || null),
    () => reportIpc.districtRatings(month || null),
  );
  const [open, setOpen] = useState<Set<string>>(new Set(r.q?.group ? [r.q.group] : []));
  useEffect(() => {
    if (r.q?.group && s.data) document.getElementById(`rating-${r.q.group}`)?.scrollIntoView({ block: "start" });
  }, [s.data]);
  const d = s.data;
  // The server's groups may not be in this laptop's store: no links to their pages.
  const linked = s.source === "local";
  return (
    <>
      <header class="page-head">
        <h1>{t("rep.r.title", { month: formatMonth(month) })}</h1>
        <p class="muted no-print">{t("rep.r.intro")}</p>
      </header>
      <MonthBar id="rating-month" r={r} month={month}>
        <SourceChoice id="rating-source" r={r} s={s} />
        <button type="button" class="btn btn-small" onClick={() => setOpen(new Set(d?.groups.map((g) => g.groupId) ?? []))}>
          {t("rep.r.showAll")}
        </button>
        <ExportButtons id="rating-export" args={{ document: "ratings", month: month || null, ...exportSource(s) }} />
      </MonthBar>
      <SourceNotes s={s} />
      {d && (
        <div class="printable" data-source={s.source}>
          <AsOf date={d.asOf} />
          <SourceLine s={s} />
          <SchemeLine report={d} />
          <p class="grade-counts" data-testid="grade-counts">
            {(["tot", "kha", "trung_binh", "yeu"] as const).map((g) => (
              <span key={g}>
                <GradeBadge grade={g} /> {d.counts[g === "trung_binh" ? "trungBinh" : g]}
              </span>
            ))}
          </p>
          <table class="table" id="ratings">
            <thead>
              <tr>
                <th>{t("rep.r.col.group")}</th>
                <th>{t("rep.r.col.association")}</th>
                <th class="num">{t("rep.r.col.score")}</th>
                <th>{t("rep.r.col.grade")}</th>
                <th class="no-print"></th>
              </tr>
            </thead>
            <tbody>
              {d.groups.map((g) => {
                const shown = open.has(g.groupId);
                return [
                  <tr key={g.groupId} id={`rating-${g.groupId}`} data-group={g.code}>
                    <td>
                      {linked ? (
                        <a href={href({ name: "group", groupId: g.groupId })}>
                          {g.code} {g.label}
                        </a>
                      ) : (
                        <span>
                          {g.code} {g.label}
                        </span>
                      )}
                    </td>
                    <td>{g.association}</td>
                    <td class="num" data-col="score">
                      {points(g.score)}
                    </td>
                    <td>
                      <GradeBadge grade={g.grade} />
                    </td>
                    <td class="no-print">
                      <button
                        type="button"
                        class="btn btn-small"
                        aria-expanded={shown}
                        aria-controls={`breakdown-${g.groupId}`}
                        onClick={() => setOpen(toggled(open, g.groupId))}
                      >
                        {shown ? t("rep.r.hide") : t("rep.r.show")}
                      </button>
                    </td>
                  </tr>,
                  shown ? (
                    <tr key={`${g.groupId}-breakdown`} class="breakdown-row">
                      <td colSpan={5}>
                        <Breakdown report={d} group={g} />
                      </td>
                    </tr>
                  ) : null,
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function SchemeLine({ report }: { report: RatingReport }) {
  const b = report.scheme.bands;
  return (
    <p class="small">
      {report.schemeFrom ? t("rep.r.schemeFrom", { month: formatMonth(report.schemeFrom) }) : t("rep.r.schemeStandard")}{" "}
      {t("rep.r.bands", { tot: points(b.tot), kha: points(b.kha), tb: points(b.trungBinh) })}
    </p>
  );
}

/** How a criterion's value turns into points, in words. */
function ruleText(c: CriterionScore): string {
  const higherBetter = Number(c.fullAt) > Number(c.zeroAt);
  return t(higherBetter ? "rep.r.ruleUp" : "rep.r.ruleDown", {
    weight: points(c.weight),
    full: points(c.fullAt),
    zero: points(c.zeroAt),
  });
}

function measured(c: CriterionScore): string {
  const n = (v: number) => (c.unit === "members" ? String(v) : formatDong(v));
  return t(`rep.crit.${c.criterion}.measure` as Key, { num: n(c.numerator), den: n(c.denominator) });
}

function Breakdown({ report, group }: { report: RatingReport; group: GroupRating }) {
  const b = report.scheme.bands;
  return (
    <div class="breakdown" id={`breakdown-${group.groupId}`} data-testid="breakdown">
      <p>
        <strong>
          {t("rep.r.explain", { code: group.code, score: points(group.score), grade: gradeLabel(group.grade) })}
        </strong>{" "}
        {t("rep.r.bands", { tot: points(b.tot), kha: points(b.kha), tb: points(b.trungBinh) })}
      </p>
      <table class="table breakdown-table">
        <thead>
          <tr>
            <th>{t("rep.r.criterion")}</th>
            <th>{t("rep.r.measured")}</th>
            <th class="num">{t("rep.r.value")}</th>
            <th>{t("rep.r.rule")}</th>
            <th class="num">{t("rep.r.points")}</th>
          </tr>
        </thead>
        <tbody>
          {group.breakdown.map((c) => {
            const share = Number(c.weight) > 0 ? Math.min(100, (Number(c.points) / Number(c.weight)) * 100) : 0;
            return (
              <tr key={c.criterion} data-criterion={c.criterion}>
                <td>{codeLabel("rep.crit", c.criterion, c.label)}</td>
                <td>{c.valuePct === null ? t("rep.r.nothing") : measured(c)}</td>
                <td class="num">{formatPct(c.valuePct)}</td>
                <td class="small">{ruleText(c)}</td>
                <td class="num points">
                  <span class="points-bar" aria-hidden="true">
                    <span style={{ width: `${share.toFixed(1)}%` }} />
                  </span>
                  {t("rep.r.pointsOf", { points: points(c.points), weight: points(c.weight) })}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={4}>{t("rep.total")}</th>
            <td class="num">
              <strong>{t("rep.r.pointsOf", { points: points(group.score), weight: "100" })}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
