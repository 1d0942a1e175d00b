// «Số liệu: Máy này / Toàn quận/huyện (máy chủ)»: on a supervisor's laptop a
// report's figures come from this laptop's store, or from the whole
// district's report the sync server computes (`district_credit_report`,
// `district_group_ratings`, `district_fee_report`, `district_watchlist`,
// `district_compare_units`). The server's report is shown in the screen's
// own table; the laptop's own is read either way, so no signal, a refusal or
// a slow first answer never leaves a screen empty: it says why, and shows
// this laptop's.
import type { DistrictReport } from "../../lib/ipc";
import { formatTimeOfDay } from "../../lib/format";
import { districtErrorText } from "../../lib/report";
import { navigate } from "../../lib/router";
import { home } from "../../lib/state";
import { Loading } from "../../components";
import { t } from "../../i18n";
import { ReportError, useReport, withQuery, type Loaded } from "./common";
import type { ReportRoute } from "./Reports";

export type Source = "local" | "server";

/** A report as a screen shows it: from this laptop, or from the server when a supervisor's laptop asks. */
export type Sourced<T> = {
  /** Only a laptop enrolled as a supervisor's is offered the choice; the server refuses any other. */
  supervisor: boolean;
  /** The route asks for the server's figures (`?source=server`). */
  wantServer: boolean;
  /** Where the figures shown come from: the server's once it answered, this laptop's until then or on error. */
  source: Source;
  data: T | null;
  local: Loaded<T>;
  district: Loaded<DistrictReport<T> | null>;
};

/** Reads the laptop's report (`local`) and, when the route asks on a supervisor's laptop, the server's (`server`); `key` names the report's arguments. */
export function useSourced<T>(
  r: ReportRoute,
  key: string,
  local: () => Promise<T>,
  server: () => Promise<DistrictReport<T>>,
): Sourced<T> {
  const supervisor = home.value?.sync.scope === "supervisor";
  const wantServer = supervisor && r.q?.source === "server";
  const mine = useReport(key, local);
  const district = useReport<DistrictReport<T> | null>(wantServer ? `district/${key}` : "district/off", () =>
    wantServer ? server() : Promise.resolve(null),
  );
  const source: Source = wantServer && district.data ? "server" : "local";
  const data = source === "server" ? district.data!.report : mine.data;
  return { supervisor, wantServer, source, data, local: mine, district };
}

/** The «Số liệu» buttons (a supervisor's laptop only): the choice is kept in the route. */
export function SourceChoice<T>({ id, r, s }: { id: string; r: ReportRoute; s: Sourced<T> }) {
  if (!s.supervisor) return null;
  const choose = (to: Source) => navigate(withQuery(r, "source", to === "server" ? "server" : ""));
  return (
    <div class="filter" role="group" aria-label={t("rep.src.label")} id={id}>
      <span>{t("rep.src.label")}</span>
      {(["local", "server"] as const).map((to) => (
        <button
          key={to}
          type="button"
          class={(to === "server") === s.wantServer ? "btn btn-small on" : "btn btn-small"}
          aria-pressed={(to === "server") === s.wantServer}
          data-source={to}
          onClick={() => choose(to)}
        >
          {t(to === "server" ? "rep.src.server" : "rep.src.local")}
        </button>
      ))}
    </div>
  );
}

/** While the server is asked: a notice; when it refused: why, worded by code, above this laptop's figures; this laptop's own refusal; loading. */
export function SourceNotes<T>({ s }: { s: Sourced<T> }) {
  return (
    <>
      {s.wantServer && s.district.loading && (
        <p class="banner banner-info no-print" role="status" id="district-loading">
          {t("rep.src.loading")}
        </p>
      )}
      <ReportError error={s.wantServer ? s.district.error : null} onRetry={s.district.reload} words={districtErrorText}>
        {s.local.data && <span> {t("rep.src.showingLocal")}</span>}
      </ReportError>
      <ReportError error={s.local.error} onRetry={s.local.reload} />
      {s.local.loading && !s.data && <Loading />}
    </>
  );
}

/** «Nguồn: máy chủ …, lúc hh:mm dd/mm/yyyy» or «Nguồn: số liệu trên máy này.» (a supervisor's laptop only). */
export function SourceLine<T>({ s }: { s: Sourced<T> }) {
  if (!s.supervisor) return null;
  const d = s.district.data;
  return (
    <p class="muted small source" data-testid="source">
      {s.source === "server" && d
        ? t("rep.src.fromServer", { server: d.server, through: d.through, when: formatTimeOfDay(d.fetchedAt) })
        : t("rep.src.fromLocal")}
    </p>
  );
}

/** What an export adds to its arguments to write the figures on screen: `source: "server"` while they are the server's. */
export function exportSource<T>(s: Sourced<T>): { source?: "server" } {
  return s.source === "server" ? { source: "server" } : {};
}
