// Small shared pieces.
import type { ComponentChildren } from "preact";
import type { IpcError } from "./lib/ipc";
import { formatDong } from "./lib/format";
import { t } from "./i18n";

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
