// Money, dates, months and percentages as Vietnamese officers read and type
// them. Amounts are whole đồng (integers); dates are ISO `YYYY-MM-DD` on the
// wire and dd/mm/yyyy on screen; months `YYYY-MM` and mm/yyyy; ratios come as
// decimal strings ("1.25") and are written without going through a float
// ("1,25 %").

export type ParseErrorCode = "empty" | "not_a_number" | "decimal" | "negative" | "too_large";

export type ParseError = { code: ParseErrorCode };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParseError };

/** `1250000` → `1.250.000` (dot thousands, no currency sign). */
export function groupThousands(n: number): string {
  const negative = n < 0;
  const digits = String(Math.abs(Math.trunc(n)));
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ".";
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

/** `1250000` → `1.250.000 ₫`. */
export function formatDong(n: number): string {
  return `${groupThousands(n)} ₫`;
}

/**
 * Parses what an officer types for an amount: `1.250.000`, `1,250,000`,
 * `1 250 000`, `1250000`, `1.250.000 ₫` (or `đ`). Whole đồng only: a decimal
 * part (`12,5`, `1.250.000,50`) is refused with code `decimal`, not guessed.
 * Blank text is `empty` (cells treat it as zero).
 */
export function parseDong(text: string): Parsed<number> {
  let s = text.replace(/[\s\u00a0\u202f]+/g, " ").trim();
  s = s.replace(/\s*(₫|đ|Đ|vnđ|VNĐ|vnd|VND)$/u, "").trim();
  if (s === "") return fail("empty");
  if (s.startsWith("-") || s.startsWith("−")) {
    return /\d/.test(s) ? fail("negative") : fail("not_a_number");
  }
  if (s.startsWith("+")) s = s.slice(1);
  let digits: string;
  if (/^\d+$/.test(s)) {
    digits = s;
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s) || /^\d{1,3}(,\d{3})+$/.test(s) || /^\d{1,3}( \d{3})+$/.test(s)) {
    digits = s.replace(/[., ]/g, "");
  } else if (/^[\d., ]+$/.test(s) && /\d/.test(s)) {
    // Digits with separators that are not thousands groups: a decimal part
    // ("12,5", "1.5", "1.250.000,50") or a typo ("1.25.000").
    return fail("decimal");
  } else {
    return fail("not_a_number");
  }
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return fail("too_large");
  return { ok: true, value };
}

function fail<T>(code: ParseErrorCode): Parsed<T> {
  return { ok: false, error: { code } };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-12-15` → `15/12/2026`. Anything else is returned as given. */
export function formatDate(iso: string): string {
  const m = ISO.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** An RFC 3339 instant → `15/12/2026 14:05` in the laptop's time zone. */
export function formatDateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** An RFC 3339 instant → `14:05 15/12/2026` (the time first: "lúc 14:05 15/12/2026"), in the laptop's time zone. */
export function formatTimeOfDay(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return `${formatTime(d.getTime())} ${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** `15/12/2026` (or `5/1/2026`, `15-12-2026`, `2026-12-15`) → `2026-12-15`. */
export function parseDate(text: string): Parsed<string> {
  const s = text.trim();
  if (s === "") return fail("empty");
  let y: number, m: number, d: number;
  const iso = ISO.exec(s);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (vn) {
    [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  } else {
    return fail("not_a_number");
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return fail("not_a_number");
  return { ok: true, value: `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}` };
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Day of week of an ISO date, 0 = Sunday. */
export function weekday(iso: string): number | null {
  const m = ISO.exec(iso);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
}

/** Local time `HH:MM` of a timestamp. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** `"1.25"` → `1,25 %`; `"10"` → `10,00 %`; null → `—`. Two decimals, from the string itself. */
export function formatPct(value: string | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || value === "") return "—";
  return `${decimalText(value, decimals)} %`;
}

/** A decimal string written the Vietnamese way with `decimals` places: `"1234.5"` → `1.234,50`. */
export function decimalText(value: string, decimals: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, whole, frac = ""] = m;
  let digits = frac.slice(0, decimals).padEnd(decimals, "0");
  let int = whole;
  // Round half-up on the first dropped digit (the shell sends 2 places, so
  // this only matters when fewer are asked for).
  if (frac.length > decimals && Number(frac[decimals]) >= 5) {
    const scaled = (BigInt(int + digits) + 1n).toString().padStart(int.length + decimals, "0");
    int = scaled.slice(0, scaled.length - decimals) || "0";
    digits = scaled.slice(scaled.length - decimals);
  }
  const intText = groupThousands(Number(int));
  const zero = /^0*$/.test(int + digits);
  return `${sign && !zero ? "-" : ""}${intText}${decimals > 0 ? "," + digits : ""}`;
}

/** `2026-11` → `11/2026`. */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[2]}/${m[1]}` : month;
}

/** `month` moved by `k` months (`2026-01`, -1 → `2025-12`). */
export function addMonths(month: string, k: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + k;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
