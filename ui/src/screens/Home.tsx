import { home, homeError, loadHome } from "../lib/state";
import { formatDate, formatDateTime, formatDong, weekday } from "../lib/format";
import { ipc, normaliseError, type IpcError, type SyncState } from "../lib/ipc";
import { href } from "../lib/router";
import { t, type Key } from "../i18n";
import { ErrorBanner, ExportButtons, Loading } from "../components";
import { Field, focusFirstInvalid } from "../formkit";
import {
  DEFAULT_DEVICE_NAME,
  deviceNameProblem,
  enrolCodeProblem,
  enrolErrorField,
  enrolMessage,
  serverUrlProblem,
} from "../lib/enrol";
import { markAfterPaint } from "../lib/perf";
import { warmUpGrid } from "./Collection";
import { useEffect, useRef, useState } from "preact/hooks";

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
      // Once the figures are on screen, ready the 13/TD grid for the day's first list.
      setTimeout(warmUpGrid, 300);
    }
  }, [h]);
  if (!h) {
    return homeError.value ? <ErrorBanner error={homeError.value} onRetry={() => void loadHome()} /> : <Loading />;
  }
  const w = h.watch;
  const s = h.todaySession;
  const cards: { key: Key; id: string; kind: string; count: string; amount: number }[] = [
    { key: "home.watch.overdue", id: "overdue", kind: "overdue", count: t("home.loans", { n: w.overdueLoans }), amount: w.overdueAmount },
    { key: "home.watch.arrears", id: "arrears", kind: "arrears", count: t("home.loans", { n: w.arrearsLoans }), amount: w.arrearsAmount },
    { key: "home.watch.inactive", id: "inactive", kind: "inactive", count: t("home.loans", { n: w.inactiveLoans }), amount: w.inactiveAmount },
    {
      key: "home.watch.movedAway",
      id: "moved-away",
      kind: "moved_away",
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
            <a class="card-link" href={href({ name: "reports", tab: "watch", kind: c.kind })} title={t("home.watch.open")}>
              <h3>{t(c.key)}</h3>
              <p class="card-amount">{formatDong(c.amount)}</p>
              <p class="card-count">{c.count}</p>
            </a>
          </article>
        ))}
      </div>
      <p class="report-links no-print">
        <a href={href({ name: "reports", tab: "watch", kind: "due" })} id="home-due-list">
          {t("home.watch.due")}
        </a>
        <a href={href({ name: "reports", tab: "quality" })} id="home-quality">
          {t("home.watch.quality")}
        </a>
        <a href={href({ name: "reports", tab: "charts" })}>{t("home.watch.charts")}</a>
      </p>
      <p class="export-line no-print">
        <span>{t("export.notice")}</span> <ExportButtons id="notice-export" formats={["pdf"]} args={{ document: "public_notice" }} />
      </p>
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
      <div class="fact fact-wide" data-testid="sync-fact">
        <span class="label">{t("home.sync")}</span>
        <span class="value muted" data-testid="sync">
          {t("home.syncNotConfigured")}
        </span>
        <EnrolForm onNotice={setDone} />
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

/**
 * "Kết nối máy chủ đồng bộ": the address of the district's server, the
 * one-time code it issued and this laptop's name, then `enrol_device`. What
 * was typed is checked here first, with the shell's own rules; a refusal is
 * worded by its code, next to the field it is about.
 */
function EnrolForm({ onNotice }: { onNotice: (text: string) => void }) {
  const box = useRef<HTMLFormElement>(null);
  const [server, setServer] = useState("");
  const [code, setCode] = useState("");
  const [name, setName] = useState(DEFAULT_DEVICE_NAME);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<IpcError | null>(null);
  const typed = { server: serverUrlProblem(server), code: enrolCodeProblem(code), name: deviceNameProblem(name) };
  const refusedField = refusal ? enrolErrorField(refusal.code) : null;
  const problem = (field: keyof typeof typed): string | null => {
    const own = tried ? typed[field] : null;
    if (own) return enrolMessage({ code: own, message: "" }, server);
    if (refusal && refusedField === field) return enrolMessage(refusal, server);
    return null;
  };
  const invalid = (field: keyof typeof typed) => (problem(field) ? "true" : undefined);

  // A refusal is about what was sent: typing again takes it away.
  function edit(set: (text: string) => void, e: Event) {
    set((e.currentTarget as HTMLInputElement).value);
    setRefusal(null);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setTried(true);
    setRefusal(null);
    if (typed.server || typed.code || typed.name) {
      setTimeout(() => focusFirstInvalid(box.current), 0);
      return;
    }
    setBusy(true);
    try {
      const state = await ipc.enrolDevice({ serverUrl: server.trim(), code: code.trim(), deviceName: name.trim() });
      onNotice(t("enrol.done", { server: state.server ?? server.trim() }));
      if (home.value) home.value = { ...home.value, sync: state };
      await loadHome();
    } catch (err) {
      const ie = normaliseError(err);
      setRefusal(ie);
      setBusy(false);
      if (ie.code === "already_enrolled") {
        // Enrolled meanwhile (from the command line): show that link's state.
        onNotice(enrolMessage(ie, server));
        await loadHome();
      } else {
        setTimeout(() => focusFirstInvalid(box.current), 0);
      }
    }
  }

  return (
    <form class="form enrol-form" id="enrol-form" ref={box} noValidate onSubmit={(e) => void submit(e)}>
      <h3>{t("enrol.title")}</h3>
      <p class="hint">{t("enrol.intro")}</p>
      {refusal && !refusedField && (
        <div class="banner banner-error" role="alert" data-code={refusal.code} data-testid="enrol-error">
          <span>{enrolMessage(refusal, server)}</span>
        </div>
      )}
      <div class="form-row">
        <Field id="enrol-server" label={t("enrol.server")} error={problem("server")}>
          <input
            id="enrol-server"
            type="text"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            placeholder="https://dongbo.pgd-….vn"
            value={server}
            aria-invalid={invalid("server")}
            aria-describedby={problem("server") ? "enrol-server-error" : undefined}
            onInput={(e) => edit(setServer, e)}
          />
        </Field>
        <Field id="enrol-code" label={t("enrol.code")} error={problem("code")}>
          <input
            id="enrol-code"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            placeholder="K7QM-XR3D-9PTA"
            value={code}
            aria-invalid={invalid("code")}
            aria-describedby={problem("code") ? "enrol-code-error" : undefined}
            onInput={(e) => edit(setCode, e)}
          />
        </Field>
        <Field id="enrol-name" label={t("enrol.name")} error={problem("name")}>
          <input
            id="enrol-name"
            type="text"
            autoComplete="off"
            value={name}
            aria-invalid={invalid("name")}
            aria-describedby={problem("name") ? "enrol-name-error" : undefined}
            onInput={(e) => edit(setName, e)}
          />
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary btn-small" id="enrol-submit" disabled={busy}>
          {busy ? t("enrol.submitting") : t("enrol.submit")}
        </button>
      </div>
    </form>
  );
}
