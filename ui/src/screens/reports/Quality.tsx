// «Chất lượng tín dụng theo cấp»: office → point → association → group →
// borrower on any date, the indicators as columns. The report is read down
// to the groups when the screen opens; a group's borrowers when it is opened.
// Another date is another screen (keyed by date): nothing read for the old one stays.
//
// On a supervisor's laptop «Số liệu» chooses where the figures come from
// (./source.tsx): this laptop's store, or the whole district's report from
// the sync server (`district_credit_report`), shown in the same table.
import { useEffect, useState } from "preact/hooks";
import { reportIpc, normaliseError, type CreditReport, type CreditRow, type IpcError } from "../../lib/ipc";
import { formatDong } from "../../lib/format";
import { districtErrorText, formatMonth, formatPct, formatSignedDong } from "../../lib/report";
import { href, navigate } from "../../lib/router";
import { ExportButtons } from "../../components";
import { t, type Key } from "../../i18n";
import { AsOf, DatePicker, PrintButton, ReportError, today, toggled, withQuery } from "./common";
import { SourceChoice, SourceLine, SourceNotes, useSourced } from "./source";
import type { ReportRoute } from "./Reports";

const DEPTH: Record<string, number> = { office: 0, point: 1, association: 2, group: 3, borrower: 4 };

export function QualityScreen({ r }: { r: ReportRoute }) {
  const date = r.q?.date ?? today() ?? "";
  const args = { asOf: date || null, level: "group" as const };
  const s = useSourced(
    r,
    `quality/${date}`,
    () => reportIpc.creditReport(args),
    () => reportIpc.districtReport(args),
  );
  const source = s.source;
  const report: CreditReport | null = s.data;
  // Expanded units (office and point open at first), and each opened group's borrowers (per source).
  const [closed, setClosed] = useState<Set<string>>(new Set());
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const [borrowers, setBorrowers] = useState<Record<string, CreditRow[] | "loading" | IpcError>>({});
  const rows = report?.rows ?? [];
  const isOpen = (row: CreditRow) =>
    row.level === "office" || row.level === "point" ? !closed.has(row.id) : opened.has(row.id);
  const borrowersOf = (id: string) => borrowers[`${source}/${id}`];
  // The other source's figures came in: its groups' borrowers are not read yet, so its groups start closed.
  useEffect(() => {
    const groups = new Set(rows.filter((x) => x.level === "group").map((x) => x.id));
    setOpened((o) => new Set([...o].filter((id) => !groups.has(id))));
  }, [source]);

  async function toggle(row: CreditRow) {
    const open = isOpen(row);
    if (row.level === "office" || row.level === "point") {
      setClosed(toggled(closed, row.id));
      return;
    }
    setOpened(toggled(opened, row.id));
    const key = `${source}/${row.id}`;
    if (!open && row.level === "group" && !Array.isArray(borrowers[key])) {
      setBorrowers((b) => ({ ...b, [key]: "loading" }));
      const args = { asOf: date || null, level: "borrower" as const, within: row.id };
      try {
        const cut = source === "server" ? (await reportIpc.districtReport(args)).report : await reportIpc.creditReport(args);
        setBorrowers((b) => ({ ...b, [key]: cut.rows.filter((x) => x.level === "borrower") }));
      } catch (e) {
        setBorrowers((b) => ({ ...b, [key]: normaliseError(e) }));
      }
    }
  }

  function openAll(open: boolean) {
    setClosed(new Set());
    setOpened(open ? new Set(rows.filter((x) => x.level === "association").map((x) => x.id)) : new Set());
  }

  // Visible lines: a unit shows when every unit above it is open.
  const byId = new Map(rows.map((x) => [x.id, x]));
  const visible = (row: CreditRow): boolean => {
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    return !parent || (isOpen(parent) && visible(parent));
  };
  const month = report ? formatMonth(report.month) : "";
  return (
    <>
      <header class="page-head">
        <h1>{t("rep.q.title")}</h1>
        <p class="muted no-print">{t("rep.q.intro")}</p>
      </header>
      <div class="filters no-print">
        <SourceChoice id="quality-source" r={r} s={s} />
        <DatePicker id="quality-date" value={date} onApply={(d) => navigate(withQuery(r, "date", d))} />
        <button type="button" class="btn btn-small" id="quality-open-all" onClick={() => openAll(true)}>
          {t("rep.q.openAll")}
        </button>
        <button type="button" class="btn btn-small" onClick={() => openAll(false)}>
          {t("rep.q.closeAll")}
        </button>
        <PrintButton />
        <ExportButtons
          id="quality-export"
          args={{ document: "credit_report", asOf: date || null, level: "group", ...(source === "server" ? { source } : {}) }}
        />
      </div>
      <SourceNotes s={s} />
      {report && (
        <div class="printable" data-source={source}>
          <AsOf date={report.asOf} />
          <SourceLine s={s} />
          <div class="table-scroll">
            <table class="table report-table" id="quality-tree">
              <thead>
                <tr>
                  <th>{t("rep.col.unit")}</th>
                  <th class="num">{t("rep.col.borrowers")}</th>
                  <th class="num">{t("rep.col.outstanding")}</th>
                  <th class="num">{t("rep.col.current")}</th>
                  <th class="num">{t("rep.col.overdue")}</th>
                  <th class="num">{t("rep.col.overdueRatio")}</th>
                  <th class="num">{t("rep.col.frozen")}</th>
                  <th class="num">{t("rep.col.changeJan1")}</th>
                  <th class="num">{t("rep.col.changeMonth")}</th>
                  <th class="num">{t("rep.col.arrears")}</th>
                  <th class="num">{t("rep.col.inactive")}</th>
                  <th class="num">{t("rep.col.movedAway")}</th>
                  <th class="num">{t("rep.col.collection", { month })}</th>
                </tr>
              </thead>
              <tbody>
                {rows.filter(visible).map((row) => {
                  const list = row.level === "group" && isOpen(row) ? borrowersOf(row.id) : undefined;
                  // The server's units may not be in this laptop's store: no links to its pages.
                  const linked = source === "local";
                  return [
                    <Line key={row.id} row={row} open={isOpen(row)} onToggle={() => void toggle(row)} date={report.asOf} linked={linked} />,
                    list === "loading" ? (
                      <tr key={`${row.id}-loading`} class="level-borrower">
                        <td colSpan={13} class="muted">
                          {t("app.loading")}
                        </td>
                      </tr>
                    ) : Array.isArray(list) ? (
                      list.map((b) => <Line key={b.id} row={b} open={false} date={report.asOf} linked={linked} />)
                    ) : list ? (
                      <tr key={`${row.id}-error`}>
                        <td colSpan={13}>
                          <ReportError error={list} words={source === "server" ? districtErrorText : undefined} />
                        </td>
                      </tr>
                    ) : null,
                  ];
                })}
              </tbody>
            </table>
          </div>
          <p class="muted small legend-note">{t("rep.q.legend")}</p>
        </div>
      )}
    </>
  );
}

function Line({
  row,
  open,
  onToggle,
  date,
  linked,
}: {
  row: CreditRow;
  open: boolean;
  onToggle?: () => void;
  date: string;
  linked: boolean;
}) {
  const f = row.figures;
  const depth = DEPTH[row.level] ?? 0;
  const name = row.level === "group" || row.level === "borrower" ? `${row.code} ${row.label}` : row.label;
  const toggleKey: Key = open ? "rep.q.collapse" : "rep.q.expand";
  const tracing =
    f.nMovedAway > 0
      ? t("rep.q.tracing", { a: f.nMovedAwayNotTraced, b: f.nMovedAwayAwaitingAnswer, c: f.nMovedAwayAnswered })
      : "";
  return (
    <tr class={`level-${row.level}`} data-level={row.level} data-id={row.id} data-code={row.code}>
      <th scope="row" class="unit" style={{ paddingLeft: `${0.4 + depth * 1.1}rem` }}>
        {onToggle && row.level !== "borrower" ? (
          <button
            type="button"
            class="tree-toggle"
            aria-expanded={open}
            aria-label={t(toggleKey, { name })}
            title={t(toggleKey, { name })}
            onClick={onToggle}
          >
            {open ? "▾" : "▸"}
          </button>
        ) : (
          <span class="tree-spacer" />
        )}
        {!linked ? (
          <span>{name}</span>
        ) : row.level === "borrower" ? (
          <a href={href({ name: "member", memberId: row.id, date })}>{name}</a>
        ) : row.level === "group" ? (
          <>
            <a href={href({ name: "group", groupId: row.id })}>{name}</a>{" "}
            <a class="small no-print" href={href({ name: "reports", tab: "rating", q: { group: row.id } })}>
              {t("rep.q.rating")}
            </a>
          </>
        ) : (
          <span>{name}</span>
        )}
      </th>
      <td class="num">{f.nBorrowers}</td>
      <td class="num">{formatDong(f.outstanding)}</td>
      <td class="num">{formatDong(f.current)}</td>
      <td class={f.overdue > 0 ? "num bad" : "num"}>{formatDong(f.overdue)}</td>
      <td class={f.overdue > 0 ? "num bad" : "num"} data-col="overdue-ratio">
        {formatPct(f.overdueRatioPct)}
      </td>
      <td class="num">{formatDong(f.frozen)}</td>
      <td class={f.overdueChangeSinceJan1 > 0 ? "num bad" : "num"}>{formatSignedDong(f.overdueChangeSinceJan1)}</td>
      <td class={f.overdueChangeSinceLastMonth > 0 ? "num bad" : "num"}>{formatSignedDong(f.overdueChangeSinceLastMonth)}</td>
      <td class="num">{formatDong(f.interestArrears)}</td>
      <td class="num">{f.nInactive > 0 ? `${f.nInactive} · ${formatDong(f.inactiveOutstanding)}` : "—"}</td>
      <td class="num">
        {f.nMovedAway > 0 ? `${f.nMovedAway} · ${formatDong(f.movedAwayOutstanding)}` : "—"}
        {tracing && <span class="block muted small">{tracing}</span>}
      </td>
      <td class="num">{formatPct(f.interestCollectionRatePct)}</td>
    </tr>
  );
}
