// Timing marks for scripts/measure-app (e2e/measure.mjs reads them with
// WebDriver). Each mark is taken just after the browser has painted what was
// rendered: a requestAnimationFrame callback runs before the next paint, and
// a task queued from it runs after that paint. The cost is one rAF and one
// timeout per mark, only when the mark is taken.

export type PerfMark = { name: string; at: number; epochMs: number; detail: Record<string, number> };

/** One IPC command's round trip, as the page saw it. */
export type IpcTiming = { cmd: string; start: number; ms: number };

declare global {
  interface Window {
    __phienPerf?: PerfMark[];
    __phienIpc?: IpcTiming[];
  }
}

const IPC_KEPT = 64;

/** Keeps the last commands' round trips, so scripts/measure-app can split a slow screen into shell and page time. */
export function recordIpc(cmd: string, start: number): void {
  const log = (window.__phienIpc ??= []);
  log.push({ cmd, start, ms: performance.now() - start });
  if (log.length > IPC_KEPT) log.splice(0, log.length - IPC_KEPT);
}

/** Records `name` once the current render has been painted. */
export function markAfterPaint(name: string, detail: Record<string, number> = {}): void {
  requestAnimationFrame(() => {
    setTimeout(() => {
      const mark: PerfMark = { name, at: performance.now(), epochMs: Date.now(), detail };
      (window.__phienPerf ??= []).push(mark);
      try {
        performance.mark(name);
      } catch {
        /* User Timing missing: __phienPerf still has it */
      }
    }, 0);
  });
}
