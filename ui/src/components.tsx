// Small shared pieces.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { exportIpc, normaliseError, DISTRICT_REFUSALS, EXPORT_REFUSALS, REPORT_REFUSALS, type ExportArgs, type ExportFormat, type Exported, type IpcError } from "./lib/ipc";
import { formatDong } from "./lib/format";
import { t, type Key } from "./i18n";

/** An IPC error, by its message (never a raw string or stack: see lib/ipc.ts). */
export function ErrorBanner({ error, onRetry }: { error: IpcError | null; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div class="banner banner-error" role="alert" data-code={error.code}>
      <span>{error.message}</span>
      {onRetry && (
        <button type="button" class="btn btn-small" onClick={onRetry}>
          {t("app.retry")}
        </button>
      )}
    </div>
  );
}

export function Banner({ kind, children }: { kind: "info" | "ok" | "warn" | "error"; children: ComponentChildren }) {
  return (
    <div class={`banner banner-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function Money({ n, class: cls }: { n: number; class?: string }) {
  return <span class={cls ? `money ${cls}` : "money"}>{formatDong(n)}</span>;
}

export function Loading() {
  return <p class="muted">{t("app.loading")}</p>;
}

/** What to show for a refused export: worded by code, never the shell's raw text. */
export function exportErrorText(e: IpcError): string {
  if ((EXPORT_REFUSALS as readonly string[]).includes(e.code)) return t(`export.refused.${e.code}` as Key);
  // The district's report, fetched again for the file: no signal, revoked…
  if ((DISTRICT_REFUSALS as readonly string[]).includes(e.code)) return t(`rep.district.${e.code}` as Key);
  if ((REPORT_REFUSALS as readonly string[]).includes(e.code)) return t(`rep.refused.${e.code}` as Key);
  return t("export.refused.other");
}

/**
 * «Xuất Excel» / «Xuất PDF»: asks the shell to write the document as a new
 * file in the export folder (docs/ipc.md), then says where it went. The
 * arguments are those the screen shows, so the file is what is on screen.
 */
export function ExportButtons({
  id,
  args,
  formats = ["xlsx", "pdf"],
  disabled = false,
  note,
}: {
  id: string;
  args: ExportArgs;
  formats?: ExportFormat[];
  disabled?: boolean;
  /** Why the buttons are disabled, as their tooltip. */
  note?: string;
}) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [done, setDone] = useState<Exported | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  // Another list or date on the same screen: the old notice is not about it.
  const what = JSON.stringify(args);
  useEffect(() => {
    setDone(null);
    setError(null);
  }, [what]);
  async function run(format: ExportFormat) {
    setBusy(format);
    setDone(null);
    setError(null);
    try {
      setDone(await exportIpc.exportDocument(args, format));
    } catch (e) {
      setError(normaliseError(e));
    } finally {
      setBusy(null);
    }
  }
  return (
    <span class="export no-print" id={id}>
      {formats.map((format) => (
        <button
          key={format}
          type="button"
          class="btn btn-small"
          data-format={format}
          disabled={disabled || busy !== null}
          title={disabled ? note : undefined}
          aria-busy={busy === format ? "true" : undefined}
          onClick={() => run(format)}
        >
          {busy === format ? t("export.busy") : t(format === "xlsx" ? "export.xlsx" : "export.pdf")}
        </button>
      ))}
      {done && (
        <span class="banner banner-ok export-notice" role="status" data-testid="export-saved">
          {t("export.saved", { file: done.fileName, folder: done.folder })}
          {done.pages !== null ? ` ${t("export.pages", { n: done.pages })}` : ""}
        </span>
      )}
      {error && (
        <span class="banner banner-error export-notice" role="alert" data-code={error.code} data-testid="export-refused">
          {exportErrorText(error)}
        </span>
      )}
    </span>
  );
}
