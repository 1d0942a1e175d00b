// A bad input in the real window: "12,5" in an interest cell of mẫu 13/TD is
// refused as you type, in Vietnamese, and "Lưu" stays disabled. Then the
// same list goes to a PDF file through the real shell.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Key } from "webdriverio";
import { nav, pickRecorder, typeKeys, startApp, stopApp, textOf, waitText } from "../lib.mjs";

let browser;
after(() => stopApp(browser));

test("«12,5» in an interest cell shows the Vietnamese error and Save stays disabled", { timeout: 300_000 }, async () => {
  ({ browser } = await startApp());
  await pickRecorder(browser, "CB03");

  // Tổ → T02 → its list for the next session (15/12/2026). T01 is left to the transaction-day test.
  await nav(browser, "#/groups");
  const link = await browser.$('tr[data-group="T02"] a:not(.group-link)');
  await link.waitForClickable();
  assert.match(await link.getText(), /15\/12\/2026/);
  await link.click();
  await waitText(browser, '[data-testid="list-date"]', "15/12/2026");
  assert.match(await textOf(browser, ".list-group"), /^Tổ T02 /);

  const save = await browser.$("#save-list");
  const cell = await browser.$('input[data-r="0"][data-c="0"]');
  await cell.click();
  await typeKeys(browser, "12,5");
  await browser.keys(Key.Tab);

  const err = await browser.$('tr[data-row="0"] td[data-field="interest"] .cell-error');
  await err.waitForDisplayed();
  assert.equal(await err.getText(), "Số tiền phải là số nguyên đồng");
  assert.equal(await cell.getValue(), "12,5", "the cell keeps what was typed");
  assert.equal(await cell.getAttribute("aria-invalid"), "true");
  assert.equal(await save.isEnabled(), false, "Lưu is disabled");
  await waitText(browser, '[data-testid="blocked"]', "Còn 1 ô chưa hợp lệ.");

  // The control: a whole amount in the same cell lifts the block.
  await cell.click();
  await typeKeys(browser, "1000");
  await browser.keys(Key.Tab);
  await browser.waitUntil(async () => (await cell.getValue()) === "1.000", { timeoutMsg: "cell should read 1.000" });
  await err.waitForExist({ reverse: true });
  await browser.waitUntil(() => save.isEnabled(), { timeoutMsg: "Lưu should be enabled with a valid row" });

  // Leave nothing behind: empty the cell again (nothing is saved).
  await cell.click();
  await browser.keys(Key.Delete);
  await browser.waitUntil(async () => (await cell.getValue()) === "", { timeoutMsg: "cell should be empty" });
  await waitText(browser, '[data-testid="blocked"]', "Chưa nhập khoản thu nào.");
  assert.equal(await save.isEnabled(), false);

  // «Xuất PDF»: the 13/TD for the session is written to PHIEN_EXPORT_DIR and the app says so.
  await (await browser.$('#list-export button[data-format="pdf"]')).click();
  const saved = await browser.$('#list-export [data-testid="export-saved"]');
  await saved.waitForDisplayed({ timeout: 30_000 });
  const name = "Mẫu 13-TD tổ T02 phiên 15-12-2026.pdf";
  assert.match(await saved.getText(), new RegExp(`^Đã lưu «${name}» vào thư mục `));
  const folder = process.env.PHIEN_EXPORT_DIR;
  assert.deepEqual(readdirSync(folder), [name], "one file, no temporary one left");
  assert.equal(readFileSync(join(folder, name)).subarray(0, 5).toString(), "%PDF-", "a real PDF");
});
