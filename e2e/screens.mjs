// Real-window screenshots (not a test): Home, Session, 13/TD and Borrower of the
// demo commune on 15/12/2026, the credit quality screens (the tree opened to a
// group's borrowers, a group's rating broken down, the overdue list, the
// charts), then group leader mode (TT01, group T01) and a receipt's print
// view, into docs/screenshots/real-*.png.
//
//   WEBKIT_DISABLE_COMPOSITING_MODE=0 xvfb-run -a -s '-screen 0 1280x800x24' e2e/run.sh node e2e/screens.mjs
//
// WEBKIT_DISABLE_COMPOSITING_MODE=0: the app turns WebKitGTK's compositing off
// unless the environment sets it, and with it off under Xvfb WebKitWebDriver's
// screenshot command never answered (UND_ERR_HEADERS_TIMEOUT), seen twice on
// 27/11/2026; with =0 every shot was written.
//
// Each shot waits two animation frames and 300 ms first: a WebDriver screenshot
// can lag the DOM (tauri-notes §6).
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Key } from "webdriverio";
import { nav, parseDong, pickRecorder, settle, startApp, stopApp, typeKeys, waitText } from "./lib.mjs";

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

  // Credit quality: the tree with the first association and its first group
  // opened, the first group's rating of November (the last whole month)
  // criterion by criterion, the overdue list by age, the charts.
  await nav(browser, "#/reports/quality");
  await (await browser.$('#quality-tree tr[data-level="association"] .tree-toggle')).click();
  await (await browser.$('#quality-tree tr[data-level="group"] .tree-toggle')).click();
  await (await browser.$('#quality-tree tr[data-level="borrower"]')).waitForExist();
  await shot(browser, "quality");
  await browser.execute(() => (location.hash = "#/reports/rating?month=2026-11"));
  await (await browser.$("#ratings button[aria-expanded]")).click();
  await (await browser.$('[data-testid="breakdown"]')).waitForExist();
  await shot(browser, "rating");
  await browser.execute(() => (location.hash = "#/reports/watch/overdue?sort=age"));
  await (await browser.$('#watchlist[data-kind="overdue"]')).waitForExist();
  await shot(browser, "watchlist");
  await browser.execute(() => (location.hash = "#/reports/charts"));
  await (await browser.$('[data-chart="ranking"] svg')).waitForExist();
  await shot(browser, "charts");

  // Group leader mode: TT01 (PIN 1111) signs in from the home screen, opens the
  // receipt form of the first member owing interest (interest prefilled, a
  // deposit typed), then saves it: the receipt's print view (01/BL).
  await browser.execute(() => (location.hash = "#/"));
  await (await browser.$("#leader-sign-in-link")).click();
  await (await browser.$("#leader-code")).setValue("TT01");
  await (await browser.$("#leader-pin")).setValue("1111");
  await (await browser.$("#leader-sign-in-submit")).click();
  await waitText(browser, "#leader-group", /^T01 /);
  let memberId = null;
  for (const row of await browser.$$("#leader-members tr[data-member]")) {
    const tds = await row.$$("td");
    if (parseDong(await tds[2].getText()) > 0) {
      memberId = await row.getAttribute("data-member");
      break;
    }
  }
  await (await browser.$(`button[data-collect="${memberId ?? ""}"]`)).click();
  await (await browser.$("#receipt-deposit")).waitForDisplayed();
  await (await browser.$("#receipt-deposit")).click();
  await typeKeys(browser, "50000");
  await shot(browser, "leader");
  await browser.keys(Key.Enter);
  await waitText(browser, '[data-testid="receipt-words"]', "Bằng chữ:");
  await shot(browser, "receipt");
  await (await browser.$("#leader-sign-out")).click();
  await (await browser.$("#sidenav")).waitForExist();
} finally {
  await stopApp(browser);
}
