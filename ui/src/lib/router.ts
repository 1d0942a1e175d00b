// A hash router: `#/`, `#/session`, `#/groups`, `#/groups/:id`, `#/groups/:id/collection/:date`,
// `#/groups/:id/meetings/:meetingId` (printable minutes), `#/search`,
// `#/member/:id` (optionally `?date=YYYY-MM-DD`), `#/leader` (group leader sign-in),
// `#/reports/:tab` (credit quality; `#/reports/watch/:kind`, `…/print` for a
// watchlist's A4 print view; filters in the query: `date`, `month`, `sort`…).
import { signal } from "@preact/signals";

export const REPORT_TABS = ["quality", "rating", "watch", "fees", "compare", "charts", "settings"] as const;
export type ReportTab = (typeof REPORT_TABS)[number];

export type Route =
  | { name: "home" }
  | { name: "session" }
  | { name: "groups" }
  | { name: "collection"; groupId: string; date: string }
  | { name: "search" }
  | { name: "member"; memberId: string; date: string | null }
  | { name: "group"; groupId: string }
  | { name: "minutes"; groupId: string; meetingId: string }
  | { name: "leaderSignIn" }
  | { name: "reports"; tab: ReportTab; kind?: string | null; print?: boolean; q?: Record<string, string> }
  | { name: "notFound" };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const q = raw.indexOf("?");
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : "");
  const path = (q >= 0 ? raw.slice(0, q) : raw).replace(/\/+$/, "") || "/";
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: "home" };
  if (parts.length === 1 && parts[0] === "session") return { name: "session" };
  if (parts.length === 1 && parts[0] === "groups") return { name: "groups" };
  if (parts.length === 1 && parts[0] === "search") return { name: "search" };
  if (parts.length === 1 && parts[0] === "leader") return { name: "leaderSignIn" };
  if (parts.length === 4 && parts[0] === "groups" && parts[2] === "collection") {
    return { name: "collection", groupId: parts[1], date: parts[3] };
  }
  if (parts.length === 2 && parts[0] === "groups") return { name: "group", groupId: parts[1] };
  if (parts.length === 4 && parts[0] === "groups" && parts[2] === "meetings") {
    return { name: "minutes", groupId: parts[1], meetingId: parts[3] };
  }
  if (parts[0] === "reports" && parts.length <= 4) {
    const tab = (parts[1] ?? "quality") as ReportTab;
    if (!REPORT_TABS.includes(tab)) return { name: "notFound" };
    const print = parts[parts.length - 1] === "print";
    const kind = tab === "watch" && parts[2] && parts[2] !== "print" ? parts[2] : null;
    if (parts.length > 2 + (kind ? 1 : 0) + (print ? 1 : 0)) return { name: "notFound" };
    const q: Record<string, string> = {};
    query.forEach((v, k) => (q[k] = v));
    return { name: "reports", tab, kind, print, q };
  }
  if (parts.length === 2 && parts[0] === "member") {
    const date = query.get("date");
    return { name: "member", memberId: parts[1], date: date && ISO_DATE.test(date) ? date : null };
  }
  return { name: "notFound" };
}

export const route = signal<Route>(parseHash(location.hash));

window.addEventListener("hashchange", () => {
  route.value = parseHash(location.hash);
});

export function href(r: Route): string {
  switch (r.name) {
    case "home":
      return "#/";
    case "session":
      return "#/session";
    case "groups":
      return "#/groups";
    case "search":
      return "#/search";
    case "leaderSignIn":
      return "#/leader";
    case "collection":
      return `#/groups/${encodeURIComponent(r.groupId)}/collection/${r.date}`;
    case "member":
      return `#/member/${encodeURIComponent(r.memberId)}${r.date ? `?date=${r.date}` : ""}`;
    case "group":
      return `#/groups/${encodeURIComponent(r.groupId)}`;
    case "minutes":
      return `#/groups/${encodeURIComponent(r.groupId)}/meetings/${encodeURIComponent(r.meetingId)}`;
    case "reports": {
      const path = ["reports", r.tab, r.kind, r.print ? "print" : null].filter(Boolean).join("/");
      const query = new URLSearchParams(Object.entries(r.q ?? {}).filter(([, v]) => v !== "")).toString();
      return `#/${path}${query ? `?${query}` : ""}`;
    }
    default:
      return "#/";
  }
}

export function navigate(r: Route): void {
  location.hash = href(r);
}
