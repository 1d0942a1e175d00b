// «Danh sách theo dõi»: the lists a loan officer works from on the
// transaction day — due at the session, overdue, interest arrears, inactive
// for 3 months, moved away — each sortable by amount or by age, for all
// groups or one, each with an A4 print view. On a supervisor's laptop, the
// whole district's from the server (./source.tsx).
import { useEffect } from "preact/hooks";
import { reportIpc, type WatchKind, type WatchRow, type WatchSort, type Watchlist } from "../../lib/ipc";
import { formatDate, formatDong } from "../../lib/format";
import { groups, home, loadGroups } from "../../lib/state";
import { href, navigate } from "../../lib/router";
import { ExportButtons } from "../../components";
import { t, type Key } from "../../i18n";
import { SourceChoice, SourceLine, SourceNotes, exportSource, useSourced } from "./source";
import type { ReportRoute } from "./Reports";

export const WATCH_KINDS: WatchKind[] = ["due", "overdue", "arrears", "inactive", "moved_away"];

export function WatchlistScreen({ r }: { r: ReportRoute }) {
  const kind = (WATCH_KINDS as string[]).includes(r.kind ?? "") ? (r.kind as WatchKind) : "due";
  const sort: WatchSort = r.q?.sort === "age" ? "age" : "amount";
  const within = r.q?.group ?? "";
  useEffect(() => {
    if (!groups.value) void loadGroups();
  }, []);
  const args = { kind, sort, date: null, within: within || null };
  const s = useSourced(
    r,
    `watch/${kind}/${sort}/${within}`,
    () => reportIpc.watchlist(args),
    () => reportIpc.districtWatchlist(args),
  );
  const go = (changes: Partial<ReportRoute>) => navigate({ ...r, kind, ...changes });
  const query = (key: string, value: string) => ({ ...(r.q ?? {}), [key]: value });
  const w = s.data;
  // The server's borrowers may not be in this laptop's store: no links to their pages.
  const linked = s.source === "local";
  if (r.print) {
    return (
      <>
        <p class="no-print">
          <a href={href({ ...r, kind, print: false })}>← {t("rep.back")}</a>{" "}
          <button type="button" class="btn btn-primary" id="watch-print-now" onClick={() => window.print()}>
            {t("rep.print")}
          </button>
        </p>
        <SourceNotes s={s} />
        {w && <PrintedList list={w} district={s.source === "server"} />}
      </>
    );
  }
  return (
    <>
      <header class="page-head">
        <h1>{t("rep.w.title")}</h1>
        <p class="muted">{t("rep.w.intro")}</p>
      </header>
      <nav class="subtabs" aria-label={t("rep.w.kinds")}>
        {WATCH_KINDS.map((k) => (
          <a key={k} href={href({ ...r, kind: k })} aria-current={k === kind ? "page" : undefined} data-kind={k}>
            {t(`rep.w.kind.${k}` as Key)}
          </a>
        ))}
      </nav>
      <div class="filters">
        <SourceChoice id="watch-source" r={r} s={s} />
        <div class="filter" role="group" aria-label={t("rep.w.sort")}>
          <span>{t("rep.w.sort")}</span>
          {(["amount", "age"] as const).map((s) => (
            <button
              key={s}
              type="button"
              class={s === sort ? "btn btn-small on" : "btn btn-small"}
              aria-pressed={s === sort}
              data-sort={s}
              onClick={() => go({ q: query("sort", s) })}
            >
              {t(s === "amount" ? "rep.w.byAmount" : "rep.w.byAge")}
            </button>
          ))}
        </div>
        <label class="filter" for="watch-group">
          <span>{t("rep.w.group")}</span>
          <select id="watch-group" value={within} onChange={(e) => go({ q: query("group", (e.currentTarget as HTMLSelectElement).value) })}>
            <option value="">{t("rep.w.allGroups")}</option>
            {(groups.value ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.code} · {g.name}
              </option>
            ))}
          </select>
        </label>
        <a class="btn btn-small" id="watch-print" href={href({ ...r, kind, print: true })}>
          {t("rep.w.printView")}
        </a>
        <ExportButtons id="watch-export" args={{ document: "watchlist", kind, sort, within: within || null, ...exportSource(s) }} />
      </div>
      <SourceNotes s={s} />
      {w && (
        <div data-source={s.source}>
          <SourceLine s={s} />
          <p class="small" data-testid="watch-summary">
            {t(kind === "due" ? "rep.w.onSession" : "rep.w.on", { date: formatDate(w.asOf) })} ·{" "}
            {t("rep.w.count", { n: w.rows.length, total: formatDong(w.total) })}
          </p>
          <WatchTable list={w} linked={linked} onSort={(by) => go({ q: query("sort", by) })} />
        </div>
      )}
    </>
  );
}

function ageText(row: WatchRow): string {
  if (!row.since) return "—";
  return row.ageMonths > 0 ? t("rep.w.ageMonths", { days: row.ageDays, months: row.ageMonths }) : t("rep.w.ageDays", { days: row.ageDays });
}

function WatchTable({ list, linked = true, onSort }: { list: Watchlist; linked?: boolean; onSort?: (s: WatchSort) => void }) {
  const kind = list.kind;
  const moved = kind === "moved_away";
  const split = kind === "due";
  const sortHead = (s: WatchSort, label: string) => (
    <th class="num" aria-sort={list.sort === s ? "descending" : undefined}>
      {onSort ? (
        <button type="button" class="th-sort" data-sort-head={s} onClick={() => onSort(s)}>
          {label}
          {list.sort === s ? " ▾" : ""}
        </button>
      ) : (
        label
      )}
    </th>
  );
  if (list.rows.length === 0) return <p class="muted">{t("rep.w.empty")}</p>;
  return (
    <table class="table watch-table" id="watchlist" data-kind={kind}>
      <thead>
        <tr>
          <th class="num">{t("rep.w.col.no")}</th>
          <th>{t("rep.w.col.customer")}</th>
          <th>{t("rep.w.col.name")}</th>
          <th>{t("rep.w.col.group")}</th>
          {!moved && <th>{t("rep.w.col.account")}</th>}
          {split && <th class="num">{t("rep.w.col.principal")}</th>}
          {split && <th class="num">{t("rep.w.col.interest")}</th>}
          {sortHead("amount", t(moved ? "rep.w.col.outstanding" : `rep.w.amount.${kind}` as Key))}
          <th>{t(`rep.w.since.${kind}` as Key)}</th>
          {sortHead("age", t("rep.w.col.age"))}
          {moved && <th>{t("rep.w.col.destination")}</th>}
          {moved && <th>{t("rep.w.col.tracing")}</th>}
        </tr>
      </thead>
      <tbody>
        {list.rows.map((row, i) => (
          <tr key={`${row.memberId}/${row.accountNo ?? ""}`} data-member={row.memberId}>
            <td class="num">{i + 1}</td>
            <td>{row.customerCode}</td>
            <td>
              {linked ? <a href={href({ name: "member", memberId: row.memberId, date: null })}>{row.name}</a> : <span>{row.name}</span>}
            </td>
            <td>{row.groupCode}</td>
            {!moved && <td>{row.accountNo}</td>}
            {split && <td class="num">{formatDong(row.principal)}</td>}
            {split && <td class="num">{formatDong(row.interest)}</td>}
            <td class="num" data-col="amount">
              {formatDong(row.amount)}
            </td>
            <td>{row.since ? formatDate(row.since) : "—"}</td>
            <td class="num" data-col="age" data-days={row.ageDays}>
              {ageText(row)}
            </td>
            {moved && <td>{row.movedAway?.destination ?? "—"}</td>}
            {moved && (
              <td class="small">
                <strong>{row.movedAway ? t(`rep.w.tracing.${row.movedAway.tracing}` as Key) : ""}</strong>
                {row.movedAway?.steps.map((s) => (
                  <span class="block" key={s.agency + s.askedOn}>
                    {t(`agency.${s.agency}` as Key)} {formatDate(s.askedOn)}
                    {s.answer ? `: ${s.answer}` : ""}
                  </span>
                ))}
              </td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th colSpan={4 + (moved ? 0 : 1) + (split ? 2 : 0)}>{t("rep.total")}</th>
          <td class="num">
            <strong>{formatDong(list.total)}</strong>
          </td>
          <td colSpan={moved ? 4 : 2}></td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The A4 print view: heading, the list, the total, signatures; the district's list is headed by the office alone. */
function PrintedList({ list, district }: { list: Watchlist; district: boolean }) {
  const h = home.value;
  return (
    <article class="printable watch-print" id="watch-print-view" data-kind={list.kind}>
      <header class="print-head">
        <div>
          <p class="muted small">{h?.officeName}</p>
          <p>
            <strong>{district ? t("rep.src.server") : h?.pointName}</strong>
          </p>
        </div>
        <h1>{t(`rep.w.printTitle.${list.kind}` as Key)}</h1>
        <p>
          {t(list.kind === "due" ? "rep.w.onSession" : "rep.w.on", { date: formatDate(list.asOf) })} ·{" "}
          {t(list.sort === "age" ? "rep.w.sortedByAge" : "rep.w.sortedByAmount")}
        </p>
      </header>
      <WatchTable list={list} linked={!district} />
      <div class="signatures">
        <div>
          <strong>{t("rep.w.sign.maker")}</strong>
          <span class="muted small">{t("rep.w.sign.hint")}</span>
        </div>
        <div></div>
        <div>
          <strong>{t("rep.w.sign.leader")}</strong>
          <span class="muted small">{t("rep.w.sign.hint")}</span>
        </div>
      </div>
    </article>
  );
}
