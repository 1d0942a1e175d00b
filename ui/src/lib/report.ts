// Helpers of the credit quality screens: percentages and months as officers
// read them, and the report commands' refusals worded by code. Ratios come
// from the shell as decimal strings ("1.25"); they are written here without
// ever going through a float ("1,25 %").
import { DISTRICT_REFUSALS, REPORT_REFUSALS, type IpcError } from "./ipc";
import { addMonths, formatDong } from "./format";
export { addMonths, decimalText, formatMonth, formatPct } from "./format";
import { lang, t, type Key } from "../i18n";

/** A change in đồng with its sign: `+1.250.000 ₫`, `-500.000 ₫`, `0 ₫`. */
export function formatSignedDong(n: number): string {
  return n > 0 ? `+${formatDong(n)}` : formatDong(n);
}

/** `2026-11` → `T11/26`, short for chart axes (`Nov 26` in English). */
export function shortMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  if (lang.value === "en") {
    const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return `${names[Number(m[2]) - 1]} ${m[1].slice(2)}`;
  }
  return `T${Number(m[2])}/${m[1].slice(2)}`;
}

/** The month (`YYYY-MM`) of an ISO date. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The `n` months ending with `last`, newest first (for a month picker). */
export function monthsBack(last: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addMonths(last, -i));
}

/** What to show for a refused report command: worded by code, the shell's Vietnamese detail kept in Vietnamese. */
export function reportErrorText(e: IpcError): string {
  if ((REPORT_REFUSALS as readonly string[]).includes(e.code)) {
    const text = t(`rep.refused.${e.code}` as Key);
    // The store's message names the field and the value (Vietnamese): useful
    // for a refused setting, shown as is in Vietnamese only.
    const detailed = e.code === "bad_rating_scheme" || e.code === "bad_fee_rate";
    return detailed && lang.value === "vi" ? `${text} (${e.message})` : text;
  }
  return e.message;
}

/**
 * What to show when the district's report did not come from the server:
 * worded by code (no signal, not a supervisor's laptop, revoked…); the
 * arguments' codes as the reports word them; anything else in general words.
 */
export function districtErrorText(e: IpcError): string {
  if ((DISTRICT_REFUSALS as readonly string[]).includes(e.code) || e.code === "unknown_unit") {
    return t(`rep.district.${e.code}` as Key);
  }
  if ((REPORT_REFUSALS as readonly string[]).includes(e.code)) return reportErrorText(e);
  return t("rep.district.other");
}
