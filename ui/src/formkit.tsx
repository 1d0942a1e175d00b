// Small pieces shared by the meeting and borrower forms: a labelled field
// with its error, and the check of a typed date (dd/mm/yyyy, not after today).
import type { ComponentChildren } from "preact";
import { formatDate, parseDate } from "./lib/format";
import { t } from "./i18n";

/** The ISO date typed in `text`, or the Vietnamese/English problem with it. */
export function checkDate(text: string, today: string | null): { iso: string | null; error: string | null } {
  const p = parseDate(text);
  if (!p.ok) return { iso: null, error: t("err.date") };
  if (today && p.value > today) return { iso: p.value, error: t("form.err.future", { today: formatDate(today) }) };
  return { iso: p.value, error: null };
}

/** `2026-12-15` → `15/12/2026`, for a date field's first value. */
export function dateText(iso: string | null | undefined): string {
  return iso ? formatDate(iso) : "";
}

export function Field({
  id,
  label,
  error,
  children,
  hint,
}: {
  id: string;
  label: string;
  error?: string | null;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? "field invalid" : "field"} data-field={id}>
      <label for={id}>{label}</label>
      {children}
      {hint && <span class="hint">{hint}</span>}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The first invalid control inside `root`, focused. */
export function focusFirstInvalid(root: HTMLElement | null): void {
  root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
