// «Chất lượng tín dụng»: the supervisors' and loan officers' reports, one
// tab each. This module and its screens are a separate chunk, loaded when a
// report is first opened, so the home screen's start-up does not carry them.
import "./reports.css";
import { href, type ReportTab, type Route } from "../../lib/router";
import { t, type Key } from "../../i18n";
import { QualityScreen } from "./Quality";
import { RatingScreen } from "./Rating";
import { WatchlistScreen } from "./Watchlists";
import { FeesScreen } from "./Fees";
import { CompareScreen } from "./Compare";
import { ChartsScreen } from "./Charts";
import { SettingsScreen } from "./Settings";

export type ReportRoute = Extract<Route, { name: "reports" }>;

const TABS: { tab: ReportTab; key: Key }[] = [
  { tab: "quality", key: "rep.tab.quality" },
  { tab: "rating", key: "rep.tab.rating" },
  { tab: "watch", key: "rep.tab.watch" },
  { tab: "fees", key: "rep.tab.fees" },
  { tab: "compare", key: "rep.tab.compare" },
  { tab: "charts", key: "rep.tab.charts" },
  { tab: "settings", key: "rep.tab.settings" },
];

export default function ReportsScreen({ r }: { r: ReportRoute }) {
  return (
    <section class={`reports reports-${r.tab}${r.print ? " print-view" : ""}`}>
      {!r.print && (
        <nav class="tabs no-print" aria-label={t("rep.tabs")}>
          {TABS.map((x) => (
            <a key={x.tab} href={href({ name: "reports", tab: x.tab })} aria-current={x.tab === r.tab ? "page" : undefined} data-tab={x.tab}>
              {t(x.key)}
            </a>
          ))}
        </nav>
      )}
      <Tab r={r} />
    </section>
  );
}

function Tab({ r }: { r: ReportRoute }) {
  switch (r.tab) {
    case "rating":
      return <RatingScreen key={`${r.q?.month ?? ""}/${r.q?.group ?? ""}`} r={r} />;
    case "watch":
      return <WatchlistScreen r={r} />;
    case "fees":
      return <FeesScreen r={r} />;
    case "compare":
      return <CompareScreen r={r} />;
    case "charts":
      return <ChartsScreen r={r} />;
    case "settings":
      return <SettingsScreen />;
    default:
      return <QualityScreen key={r.q?.date ?? ""} r={r} />;
  }
}
