import { useEffect, useState } from "preact/hooks";
import type { ComponentType } from "preact";
import { signal } from "@preact/signals";
import { route, href, type Route } from "./lib/router";
import { actor, home, homeError, loadHome, loadStaff, setActor, staff } from "./lib/state";
import { leaderHome, loadLeaderHome } from "./lib/leader";
import { lang, roleName, setLang, t, type Key } from "./i18n";
import { HomeScreen } from "./screens/Home";
import { SessionScreen } from "./screens/Session";
import { GroupsScreen } from "./screens/Groups";
import { SearchScreen } from "./screens/Search";
import { CollectionScreen } from "./screens/Collection";
import { BorrowerScreen } from "./screens/Borrower";
import { GroupScreen, MinutesScreen } from "./screens/Meetings";
import { LeaderApp, LeaderSignInScreen } from "./screens/Leader";

const NAV: { route: Route; key: Key; match: Route["name"][] }[] = [
  { route: { name: "home" }, key: "nav.home", match: ["home"] },
  { route: { name: "session" }, key: "nav.session", match: ["session"] },
  { route: { name: "groups" }, key: "nav.groups", match: ["groups", "collection", "group", "minutes"] },
  { route: { name: "search" }, key: "nav.search", match: ["search", "member"] },
  { route: { name: "reports", tab: "quality" }, key: "nav.reports", match: ["reports"] },
];

/** The 13/TD grid wants the whole width: there the nav is hidden unless asked for. */
const navShownOnWide = signal(false);

export function App() {
  useEffect(() => {
    void loadHome().then(() => {
      // A group leader is signed in (the shell refuses officer commands): leader mode.
      if (homeError.peek()?.code === "leader_mode") void loadLeaderHome();
    });
    void loadStaff();
  }, []);
  // Leader mode replaces the officer's screens and navigation until sign-out.
  const lh = leaderHome.value;
  if (lh) return <LeaderApp home={lh} />;
  const r = route.value;
  const wide = r.name === "collection";
  const navHidden = wide && !navShownOnWide.value;
  return (
    <div class={navHidden ? "layout nav-hidden" : "layout"}>
      <header class="topbar no-print">
        {wide && (
          <button
            type="button"
            class="nav-toggle"
            aria-expanded={!navHidden}
            aria-controls="sidenav"
            title={t("nav.label")}
            onClick={() => (navShownOnWide.value = !navShownOnWide.value)}
          >
            ☰
          </button>
        )}
        <div class="brand">
          <strong>{t("app.name")}</strong>
          <span class="muted">{home.value ? home.value.pointName : t("app.tagline")}</span>
        </div>
        <ActorPicker />
        <div class="lang" role="group" aria-label={t("app.lang")}>
          <button type="button" class={lang.value === "vi" ? "on" : ""} aria-pressed={lang.value === "vi"} onClick={() => setLang("vi")}>
            VI
          </button>
          <button type="button" class={lang.value === "en" ? "on" : ""} aria-pressed={lang.value === "en"} onClick={() => setLang("en")}>
            EN
          </button>
        </div>
      </header>
      <nav id="sidenav" class="sidenav no-print" aria-label={t("nav.label")} hidden={navHidden}>
        <ul>
          {NAV.map((n) => (
            <li key={n.key}>
              <a href={href(n.route)} aria-current={n.match.includes(r.name) ? "page" : undefined}>
                {t(n.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="content">
        <Screen r={r} />
      </main>
    </div>
  );
}

function Screen({ r }: { r: Route }) {
  switch (r.name) {
    case "home":
      return <HomeScreen />;
    case "session":
      return <SessionScreen />;
    case "groups":
      return <GroupsScreen />;
    case "search":
      return <SearchScreen />;
    case "collection":
      return <CollectionScreen key={`${r.groupId}/${r.date}`} groupId={r.groupId} date={r.date} />;
    case "member":
      return <BorrowerScreen key={`${r.memberId}/${r.date ?? ""}`} memberId={r.memberId} date={r.date} />;
    case "group":
      return <GroupScreen key={r.groupId} groupId={r.groupId} />;
    case "minutes":
      return <MinutesScreen key={r.meetingId} groupId={r.groupId} meetingId={r.meetingId} />;
    case "leaderSignIn":
      return <LeaderSignInScreen />;
    case "reports":
      return <LazyReports r={r} />;
    default:
      return <p>{t("nav.notFound")}</p>;
  }
}

type ReportsModule = { default: ComponentType<{ r: Extract<Route, { name: "reports" }> }> };

/** The credit quality screens, a chunk of their own loaded the first time one is opened (never at start-up). */
const reportsModule = signal<ReportsModule | null>(null);

function LazyReports({ r }: { r: Extract<Route, { name: "reports" }> }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!reportsModule.value) {
      import("./screens/reports/Reports").then(
        (m) => (reportsModule.value = m),
        () => setFailed(true),
      );
    }
  }, []);
  const m = reportsModule.value;
  if (failed) return <p role="alert">{t("rep.loadFailed")}</p>;
  return m ? <m.default r={r} /> : <p class="muted">{t("app.loading")}</p>;
}

function ActorPicker() {
  const list = staff.value.filter((s) => s.role !== "system");
  const current = actor.value;
  const known = list.some((s) => s.code === current);
  return (
    <label class="actor">
      <span>{t("actor.label")}</span>
      <select
        id="actor"
        class={current ? "" : "attention"}
        onChange={(e) => setActor((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="" selected={!current}>
          {t("actor.none")}
        </option>
        {!known && current && (
          <option value={current} selected>
            {current}
          </option>
        )}
        {list.map((s) => (
          <option key={s.code} value={s.code} selected={s.code === current}>
            {s.code} · {s.fullName} · {roleName(s.role)}
          </option>
        ))}
      </select>
    </label>
  );
}
