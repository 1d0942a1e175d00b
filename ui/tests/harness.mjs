// Shared by the UI tests and the screenshot script: serves ui/dist with
// node:http, drives Debian's Chromium headless with playwright-core, and
// replaces the Tauri backend with @tauri-apps/api/mocks' mockIPC and the fake
// backend of fixture.mjs.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { fixture, installFakeBackend } from "./fixture.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const uiDir = join(here, "..");
const dist = join(uiDir, "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** Serves ui/dist on 127.0.0.1 at a free port. */
export async function serveDist() {
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error("ui/dist is missing: run `npm run build` first");
  }
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = normalize(join(dist, path));
      if (!file.startsWith(dist)) throw new Error("outside dist");
      if (path === "/" || !(await stat(file).catch(() => null))?.isFile()) file = join(dist, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM = process.env.PHIEN_CHROMIUM ?? "/usr/bin/chromium";

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set PHIEN_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

let mocksSource = null;
async function mocks() {
  if (mocksSource === null) {
    const src = await readFile(join(uiDir, "node_modules/@tauri-apps/api/mocks.js"), "utf8");
    // mocks.js is self-contained ESM; inline it (minus its export line) so
    // mockIPC is installed synchronously, before the app's module runs.
    mocksSource = src.replace(/^export\s*\{[^}]*\};?\s*$/m, "");
  }
  return mocksSource;
}

/**
 * A fresh browser context (own localStorage) with the fake backend.
 * opts: { session?: {...}, delayMs?: number, actor?: string | null, viewport?, leaderReceipts?: boolean }
 */
export async function openApp(browser, base, opts = {}) {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
  });
  // Nothing leaves the machine: fail any request that is not our server.
  const requests = [];
  await context.route("**/*", (route) => {
    const u = route.request().url();
    requests.push(u);
    if (u.startsWith(base)) return route.continue();
    return route.abort();
  });
  const actor = opts.actor === undefined ? "CB03" : opts.actor;
  const fakeOpts = {
    session: opts.session ?? null,
    delayMs: opts.delayMs ?? 0,
    bigGroup: !!opts.bigGroup,
    minSavingsDeposit: opts.minSavingsDeposit ?? 5000,
    leaderReceipts: !!opts.leaderReceipts,
    sync: opts.sync ?? null,
  };
  await context.addInitScript({
    content: `(() => {
${await mocks()}
if (${JSON.stringify(actor)} && !localStorage.getItem("phien.actor")) localStorage.setItem("phien.actor", ${JSON.stringify(actor)});
(${installFakeBackend.toString()})(mockIPC, ${JSON.stringify(fixture)}, ${JSON.stringify(fakeOpts)});
})();`,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(opts.timeoutMs ?? 5000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors, requests };
}

/** The IPC calls the fake received so far (since the last page load). */
export function calls(page, cmd) {
  return page.evaluate((c) => window.__ipc.calls.filter((x) => !c || x.cmd === c), cmd ?? null);
}

// ---- 13/TD grid helpers

export const FIELDS = ["interest", "principal", "savingsDeposit", "savingsWithdrawal", "interestFromSavings", "receiptNo"];

export function cell(page, row, field) {
  return page.locator(`#collection-grid input[data-r="${row}"][data-c="${FIELDS.indexOf(field)}"]`);
}

export function cellTd(page, row, field) {
  return page.locator(`#collection-grid tbody tr[data-row="${row}"] td[data-field="${field}"]`);
}

/** Row and field of the focused grid cell, or null. */
export function focused(page) {
  return page.evaluate((fields) => {
    const el = document.activeElement;
    if (!el || el.dataset.r === undefined) return null;
    return { row: Number(el.dataset.r), field: fields[Number(el.dataset.c)] };
  }, FIELDS);
}

export function cellValues(page, row) {
  return page.evaluate(
    (r) => [...document.querySelectorAll(`#collection-grid input[data-r="${r}"]`)].map((i) => i.value),
    row,
  );
}

/**
 * What a test file's hooks share: a server on ui/dist and a browser for the
 * file, and `open(path, opts)` giving a fresh app whose page must have thrown
 * no error by the end of the test. Pass node:test's `{ before, after, afterEach }`.
 */
export function appSuite({ before, after, afterEach }) {
  const s = { server: null, browser: null, opened: [] };
  before(async () => {
    s.server = await serveDist();
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  afterEach(async () => {
    for (const app of s.opened.splice(0)) {
      assert.deepEqual(app.errors, [], "no uncaught errors in the page");
      await app.context.close();
    }
  });
  return {
    url: () => s.server.url,
    async open(path = "", opts = {}) {
      const app = await openApp(s.browser, s.server.url, opts);
      s.opened.push(app);
      await app.page.goto(s.server.url + path);
      return app;
    },
  };
}
