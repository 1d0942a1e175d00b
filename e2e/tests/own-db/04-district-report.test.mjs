// The district's credit report in the real window, on a data file of its own
// and the real sync server (target/debug/phien-server, beside the app; built
// by `cargo build -p phien-server`) on loopback: the laptop, not enrolled, is
// not offered the server's figures; enrolled from the home screen with a
// supervisor's code and synced, «Toàn quận/huyện (máy chủ)» fills the tree
// from the server, with where and when, and goes to Excel; with the server
// gone it says so and shows the laptop's own figures.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { APP, nav, startApp, stopApp, textOf, waitText } from "../../lib.mjs";

const SERVER_BIN = join(dirname(APP), process.platform === "win32" ? "phien-server.exe" : "phien-server");
if (!existsSync(SERVER_BIN)) throw new Error(`${SERVER_BIN} is missing: cargo build -p phien-server`);
const dir = mkdtempSync(join(tmpdir(), "phien-e2e-server-"));
const storage = ["--db", join(dir, "server.db")];
let server = null;
let browser;

after(async () => {
  await stopApp(browser);
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the server on a free loopback port; its address. */
async function startServer() {
  server = spawn(SERVER_BIN, [...storage, "--reports", join(dir, "reports"), "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  const [line] = await new Promise((ok, fail) => {
    const lines = createInterface({ input: server.stdout });
    lines.once("line", (l) => ok([l]));
    server.once("exit", (code) => fail(new Error(`phien-server exited (${code}) before printing its address`)));
  });
  assert.match(line, /^listening on http:\/\//, "the server prints its address first");
  return line.replace(/^listening on /, "").trim();
}

/** Clicks a button of «Số liệu». */
async function chooseSource(source) {
  const button = await browser.$(`#quality-source button[data-source="${source}"]`);
  await button.waitForClickable();
  await button.click();
}

/** The office row's outstanding in the tree shown. */
async function officeOutstanding() {
  return textOf(browser, '#quality-tree tr[data-level="office"] td:nth-of-type(2)');
}

test("a supervisor's laptop shows the district's report from the real server", { timeout: 900_000 }, async () => {
  ({ browser } = await startApp());

  // Not enrolled: this laptop's figures, no choice.
  await nav(browser, "#/reports/quality");
  await (await browser.$("#quality-tree")).waitForExist();
  assert.equal(await (await browser.$("#quality-source")).isExisting(), false, "not offered to a laptop that is not a supervisor's");
  const office = await (await browser.$('#quality-tree tr[data-level="office"]')).getAttribute("data-id");
  const localOutstanding = await officeOutstanding();

  // Enrolled from the home screen with a supervisor's code for the office, then synced.
  const url = await startServer();
  const issued = JSON.parse(execFileSync(SERVER_BIN, [...storage, "issue-code", "--json", "--kind", "supervisor", "--office", office], { encoding: "utf8" }));
  await nav(browser, "#/");
  await (await browser.$("#enrol-server")).setValue(url);
  await (await browser.$("#enrol-code")).setValue(issued.code);
  const name = await browser.$("#enrol-name");
  await name.clearValue();
  await name.setValue("Laptop giám sát");
  await (await browser.$("#enrol-submit")).click();
  const syncNow = await browser.$('[data-testid="sync-now"]');
  await syncNow.waitForClickable({ timeout: 30_000 });
  await syncNow.click();
  await waitText(browser, '[data-testid="sync-done"]', "Đã gửi", 600_000);

  // The server's figures in the same tree, with where and when; one commune: the same as this laptop's.
  await nav(browser, "#/reports/quality");
  await chooseSource("server");
  // The office's first request catches up its whole feed: the server may answer `timeout` first.
  for (let tries = 0; ; tries++) {
    await browser.waitUntil(
      async () =>
        (await (await browser.$('.printable[data-source="server"]')).isExisting()) ||
        (await (await browser.$('[role="alert"][data-code="timeout"]')).isExisting()),
      { timeout: 300_000, interval: 500, timeoutMsg: "the server's report, or its timeout, should show" },
    );
    if (await (await browser.$('.printable[data-source="server"]')).isExisting()) break;
    assert.ok(tries < 5, "the server's report comes after a few tries");
    await (await browser.$('[role="alert"][data-code="timeout"] button')).click();
  }
  const source = await textOf(browser, '[data-testid="source"]');
  assert.match(source, new RegExp(`^Nguồn: máy chủ ${url.replace(/[.]/g, "\\.")}, đến thay đổi số \\d+, lúc \\d{2}:\\d{2} \\d{2}/\\d{2}/\\d{4}\\.$`));
  assert.equal(await officeOutstanding(), localOutstanding, "one commune: the district is this laptop's");

  await (await browser.$('#quality-export button[data-format="xlsx"]')).click();
  await waitText(browser, '#quality-export [data-testid="export-saved"]', "Chất lượng tín dụng ngày 15-12-2026");

  // The server gone: said in Vietnamese, and this laptop's figures stay on screen.
  const exited = new Promise((ok) => server.once("exit", ok));
  server.kill();
  await exited;
  await chooseSource("local");
  await chooseSource("server");
  await waitText(browser, '[role="alert"][data-code="unreachable"]', "Không kết nối được máy chủ đồng bộ", 120_000);
  await waitText(browser, '[data-testid="source"]', "Nguồn: số liệu trên máy này.");
  assert.equal(await officeOutstanding(), localOutstanding);
});
