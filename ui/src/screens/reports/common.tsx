// Pieces the credit quality screens share: loading a report when its
// screen opens (never before), the refusal banner, the month and date pickers.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { normaliseError, type IpcError } from "../../lib/ipc";
import { home } from "../../lib/state";
import { formatDate } from "../../lib/format";
import { formatMonth, monthOf, monthsBack, reportErrorText } from "../../lib/report";
import { navigate, type Route } from "../../lib/router";
import { checkDate, dateText } from "../../formkit";
import { t } from "../../i18n";

export type Loaded<T> = { data: T | null; error: IpcError | null; loading: boolean; reload: () => void };

/** Calls `load` when `key` changes; the last answer wins (a quick change of filters never shows an older report). */
export function useReport<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: IpcError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => mine === latest.current && setState({ data, error: null, loading: false }),
      (e) => mine === latest.current && setState({ data: null, error: normaliseError(e), loading: false }),
    );
  }, [key, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}

/** A refused or failed report, worded by its code (by `words`, or as the reports word them), with what follows from it. */
export function ReportError({
  error,
  onRetry,
  words = reportErrorText,
  children,
}: {
  error: IpcError | null;
  onRetry?: () => void;
  words?: (e: IpcError) => string;
  children?: ComponentChildren;
}) {
  if (!error) return null;
  return (
    <div class="banner banner-error" role="alert" data-code={error.code}>
      <span>{words(error)}</span>
      {children}
      {onRetry && (
        <button type="button" class="btn btn-small" onClick={onRetry}>
          {t("app.retry")}
        </button>
      )}
    </div>
  );
}

/** Today on this laptop (from the home screen's answer). */
export function today(): string | null {
  return home.value?.today ?? null;
}

/** The route with one query value changed (empty removes it). */
export function withQuery(r: Extract<Route, { name: "reports" }>, key: string, value: string): Route {
  return { ...r, q: { ...(r.q ?? {}), [key]: value } };
}

/** A month picker: this month and the 23 before it. */
export function MonthPicker({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (m: string) => void }) {
  const now = today();
  const months = now ? monthsBack(monthOf(now), 24) : [value];
  if (!months.includes(value)) months.push(value);
  return (
    <label class="filter" for={id}>
      <span>{label}</span>
      <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        {months.map((m) => (
          <option key={m} value={m}>
            {formatMonth(m)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The report date, typed dd/mm/yyyy; Enter or «Xem» applies it (not after today). */
export function DatePicker({ id, value, onApply }: { id: string; value: string; onApply: (iso: string) => void }) {
  const [text, setText] = useState(dateText(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(dateText(value)), [value]);
  function apply(e: Event) {
    e.preventDefault();
    const c = checkDate(text, today());
    setError(c.error);
    if (!c.error && c.iso) onApply(c.iso);
  }
  return (
    <form class="filter date-filter" onSubmit={apply} noValidate>
      <label for={id}>{t("rep.asOf")}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder="dd/mm/yyyy"
        value={text}
        size={11}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit" class="btn btn-small">
        {t("rep.show")}
      </button>
      {error && (
        <span class="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

/** The filter bar of a monthly report: the month, what else the screen adds, and «In». */
export function MonthBar({
  id,
  r,
  month,
  children,
}: {
  id: string;
  r: Extract<Route, { name: "reports" }>;
  month: string;
  children?: ComponentChildren;
}) {
  return (
    <div class="filters no-print">
      <MonthPicker id={id} label={t("rep.month")} value={month} onChange={(m) => navigate(withQuery(r, "month", m))} />
      {children}
      <PrintButton />
    </div>
  );
}

export function PrintButton() {
  return (
    <button type="button" class="btn btn-small" onClick={() => window.print()}>
      {t("rep.print")}
    </button>
  );
}

/** `set` with `id` added, or removed when it was there. */
export function toggled(set: Set<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** «Số liệu đến ngày …». */
export function AsOf({ date }: { date: string }) {
  return (
    <p class="muted small as-of" data-testid="as-of">
      {t("rep.figuresAsOf", { date: formatDate(date) })}
    </p>
  );
}
