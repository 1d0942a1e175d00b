// Real-window screenshots (not a test): Home, Session, 13/TD and Borrower of the
// demo commune on 15/12/2026, into docs/screenshots/real-*.png.
//
//   xvfb-run -a -s '-screen 0 1280x800x24' e2e/run.sh node e2e/screens.mjs
//
// Each shot waits two animation frames and 300 ms first: a WebDriver screenshot
// can lag the DOM (tauri-notes §6).
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Key } from "webdriverio";
import { nav, pickRecorder, settle, startApp, stopApp, waitText } from "./lib.mjs";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "screenshots");
const DAY = "15/12/2026";

async function shot(browser, name) {
  await settle(browser);
  const file = join(out, `real-${name}.png`);
  await browser.saveScreenshot(file);
  console.log(`wrote ${file}`);
}

await mkdir(out, { recursive: true });
const { browser } = await startApp();
try {
  await pickRecorder(browser, "CB03");
  await waitText(browser, '[data-testid="today-session"]', "Chưa mở phiên");
  await shot(browser, "home");

  // The session of the day, opened by the team (cash from the office: 1.000.000 ₫).
  await nav(browser, "#/session");
  await (await browser.$("#open-session")).waitForDisplayed();
  await (await browser.$("#cash-from-office")).setValue("1000000");
  const open = await browser.$("#open-session button[type=submit]");
  await open.waitForEnabled();
  await open.click();
  await waitText(browser, '[data-testid="session-status"]', "Đang mở");
  await (await browser.$('#session-groups tr[data-group="T01"]')).waitForExist();
  await shot(browser, "session");

  // T01's list with the first two rows filled by Ctrl+Enter (not saved).
  await (await browser.$('#session-groups tr[data-group="T01"] a')).click();
  await waitText(browser, '[data-testid="list-date"]', DAY);
  await (await browser.$('input[data-r="0"][data-c="0"]')).click();
  await browser.keys([Key.Ctrl, Key.Enter]);
  await browser.keys(Key.Enter);
  await browser.keys([Key.Ctrl, Key.Enter]);
  await shot(browser, "collection-list");

  // The first member's statement.
  await (await browser.$('tr[data-row="0"] a.member-link')).click();
  await (await browser.$("#member-entries")).waitForExist();
  await shot(browser, "borrower");
} finally {
  await stopApp(browser);
}
