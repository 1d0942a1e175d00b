import { home, homeError, loadHome } from "../lib/state";
import { formatDate, formatDateTime, formatDong, weekday } from "../lib/format";
import { ipc, normaliseError, type IpcError, type SyncState } from "../lib/ipc";
import { href } from "../lib/router";
import { t, type Key } from "../i18n";
import { ErrorBanner, Loading } from "../components";
import { markAfterPaint } from "../lib/perf";
import { useEffect, useState } from "preact/hooks";

// The first time the home screen shows its figures (cold start, for scripts/measure-app).
let interactiveMarked = false;

export function dayName(iso: string): string {
  const d = weekday(iso);
  return d === null ? "" : t(`day.${d}` as Key);
}

export function HomeScreen() {
  const h = home.value;
  useEffect(() => {
    if (h && !interactiveMarked) {
      interactiveMarked = true;
      markAfterPaint("phien:home-interactive");
    }
  }, [h]);
  if (!h) {
    return homeError.value ? <ErrorBanner error={homeError.value} onRetry={() => void loadHome()} /> : <Loading />;
  }
  const w = h.watch;
  const s = h.todaySession;
  const cards: { key: Key; id: string; count: string; amount: number }[] = [
    { key: "home.watch.overdue", id: "overdue", count: t("home.loans", { n: w.overdueLoans }), amount: w.overdueAmount },
    { key: "home.watch.arrears", id: "arrears", count: t("home.loans", { n: w.arrearsLoans }), amount: w.arrearsAmount },
    { key: "home.watch.inactive", id: "inactive", count: t("home.loans", { n: w.inactiveLoans }), amount: w.inactiveAmount },
    {
      key: "home.watch.movedAway",
      id: "moved-away",
      count: t("home.borrowers", { n: w.movedAwayBorrowers }),
      amount: w.movedAwayAmount,
    },
  ];
  return (
    <section class="home">
      <ErrorBanner error={homeError.value} onRetry={() => void loadHome()} />
      <header class="page-head">
        <h1>{h.pointName}</h1>
        <p class="muted">
          {t("home.office")}: {h.officeName}
        </p>
      </header>
      <div class="facts">
        <div class="fact">
          <span class="label">{t("home.today")}</span>
          <span class="value" data-testid="today">
            {dayName(h.today)}, {formatDate(h.today)}
          </span>
        </div>
        <div class="fact">
          <span class="label">{t("home.nextSession")}</span>
          <span class="value" data-testid="next-session">
            {formatDate(h.nextSessionDate)}
            {h.nextSessionDate === h.today ? ` (${t("home.isToday")})` : ""}
          </span>
          <span class="hint">{t("home.fixedDay", { day: h.fixedDay })}</span>
        </div>
        <div class="fact" data-testid="today-session">
          <span class="label">{t("home.todaySession")}</span>
          {s ? (
            <>
              <span class={`value status ${s.closed ? "status-closed" : "status-open"}`}>
                {s.closed ? t("home.sessionClosed") : t("home.sessionOpen")}
              </span>
              <span class="hint">
                {t("home.expectedCash")}: {formatDong(s.expectedCash)}
              </span>
              <a class="btn btn-small" href={href({ name: "session" })}>
                {t("home.goSession")}
              </a>
            </>
          ) : (
            <>
              <span class="value">{t("home.noSession")}</span>
              <a class="btn btn-primary btn-small" href={href({ name: "session" })}>
                {t("home.openSession")}
              </a>
            </>
          )}
        </div>
        <SyncFact sync={h.sync} />
      </div>
      <h2>{t("home.watch")}</h2>
      <div class="cards">
        {cards.map((c) => (
          <article class="card" key={c.id} data-watch={c.id}>
            <h3>{t(c.key)}</h3>
            <p class="card-amount">{formatDong(c.amount)}</p>
            <p class="card-count">{c.count}</p>
          </article>
        ))}
      </div>
      <div class="panel leader-entry no-print">
        <a class="btn" id="leader-sign-in-link" href={href({ name: "leaderSignIn" })}>
          {t("leader.signInLink")}
        </a>{" "}
        <span class="muted small">{t("leader.signInHint")}</span>
      </div>
      <p class="muted small">
        {t("home.dbPath")}: <code>{h.dbPath}</code>
      </p>
    </section>
  );
}

/** Sync with the district server: the state, and a button (nothing syncs unless asked). */
function SyncFact({ sync }: { sync: SyncState }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  async function run() {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const out = await ipc.syncNow();
      setDone(t("home.syncDone", { sent: out.sent, received: out.received }));
    } catch (e) {
      setError(normaliseError(e));
    } finally {
      setBusy(false);
      await loadHome();
    }
  }
  if (sync.state === "not_configured") {
    return (
      <div class="fact">
        <span class="label">{t("home.sync")}</span>
        <span class="value muted" data-testid="sync">
          {t("home.syncNotConfigured")}
        </span>
        <span class="hint">{t("home.syncHowTo")}</span>
      </div>
    );
  }
  return (
    <div class="fact" data-testid="sync-fact">
      <span class="label">{t("home.sync")}</span>
      <span class={`value ${sync.state === "error" ? "status-error" : ""}`} data-testid="sync">
        {sync.lastSyncAt ? t("home.syncLast", { when: formatDateTime(sync.lastSyncAt) }) : t("home.syncNever")}
      </span>
      <span class="hint" data-testid="sync-pending">
        {t("home.syncPending", { n: sync.pending })}
      </span>
      {sync.quarantined > 0 && <span class="hint">{t("home.syncQuarantined", { n: sync.quarantined })}</span>}
      {sync.state === "error" && !error && <span class="hint">{t("home.syncFailed")}</span>}
      {error && (
        <span class="hint error" role="alert" data-testid="sync-error" data-code={error.code}>
          {error.code === "unreachable" ? t("home.syncOffline") : error.message}
        </span>
      )}
      {done && (
        <span class="hint" role="status" data-testid="sync-done">
          {done}
        </span>
      )}
      <button type="button" class="btn btn-small" disabled={busy} onClick={() => void run()} data-testid="sync-now">
        {busy ? t("home.syncing") : t("home.syncNow")}
      </button>
    </div>
  );
}
