// «Xuất Excel» / «Xuất PDF» against the fake backend: each button calls
// export_document with what its screen shows, then says where the file went;
// a refusal is worded by its code in Vietnamese, never the shell's raw text.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appSuite, calls } from "./harness.mjs";
import { GROUP1 } from "./fixture.mjs";

const suite = appSuite({ before, after, afterEach });
const open = suite.open;

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const FOLDER = "/home/canbo/Tài liệu/Phiên";

async function lastExport(page) {
  const all = await calls(page, "export_document");
  assert.ok(all.length > 0, "export_document was called");
  return all[all.length - 1].args.request;
}

describe("export buttons", () => {
  test("the credit report goes to Excel, then again without overwriting, and to PDF", async () => {
    const { page } = await open("#/reports");
    await page.locator("#quality-tree").waitFor();
    await page.locator('#quality-export button[data-format="xlsx"]').click();
    const saved = page.locator('#quality-export [data-testid="export-saved"]');
    await saved.waitFor();
    assert.deepEqual(await lastExport(page), { document: "credit_report", asOf: "2026-12-15", level: "group", format: "xlsx" });
    assert.equal(await text(saved), `Đã lưu «Chất lượng tín dụng ngày 15-12-2026.xlsx» vào thư mục ${FOLDER}.`);
    await page.locator('#quality-export button[data-format="xlsx"]').click();
    await page.locator('#quality-export [data-testid="export-saved"]:has-text("(2).xlsx")').waitFor();
    await page.locator('#quality-export button[data-format="pdf"]').click();
    await page.locator('#quality-export [data-testid="export-saved"]:has-text(".pdf")').waitFor();
    assert.match(await text(saved), /Chất lượng tín dụng ngày 15-12-2026\.pdf.*\(2 trang A4\)/);
  });

  test("a refusal is worded by its code in Vietnamese, and the raw text never shows", async () => {
    const { page } = await open("#/reports/fees");
    await page.locator("#fees-export").waitFor();
    await page.evaluate(() => {
      window.__ipc.nextErrors.export_document = {
        code: "unwritable",
        message: "không ghi được «/home/canbo/Tài liệu/Phiên/x.xlsx»: ổ đĩa chỉ cho đọc",
      };
    });
    await page.locator('#fees-export button[data-format="xlsx"]').click();
    const refused = page.locator('#fees-export [data-testid="export-refused"]');
    await refused.waitFor();
    assert.equal(await refused.getAttribute("data-code"), "unwritable");
    assert.equal(await refused.getAttribute("role"), "alert");
    assert.match(await text(refused), /^Không ghi được tệp vào thư mục xuất: .*chưa có tệp nào được ghi\.$/);
    assert.doesNotMatch(await text(refused), /x\.xlsx/, "the shell's text is not shown as is");

    await page.evaluate(() => {
      window.__ipc.nextErrors.export_document = "thread 'main' panicked at src/commands/export.rs:1:1";
    });
    await page.locator('#fees-export button[data-format="xlsx"]').click();
    await page.locator('#fees-export [data-testid="export-refused"][data-code="unknown"]').waitFor();
    assert.match(await text(refused), /^Không xuất được tệp\. Vui lòng thử lại/);
    assert.doesNotMatch(await page.locator("body").innerText(), /panicked/);

    await page.locator('#fees-export button[data-format="xlsx"]').click();
    await page.locator('#fees-export [data-testid="export-saved"]').waitFor();
    assert.equal(await refused.count(), 0, "a success clears the refusal");
    assert.deepEqual(await lastExport(page), { document: "fees", month: "2026-12", format: "xlsx" });
  });

  test("the watchlist, the rating and the comparison export what the screen shows", async () => {
    const { page } = await open("#/reports/watch/overdue?sort=age");
    await page.locator("#watchlist").waitFor();
    await page.locator('#watch-export button[data-format="xlsx"]').click();
    await page.locator('#watch-export [data-testid="export-saved"]').waitFor();
    assert.deepEqual(await lastExport(page), { document: "watchlist", kind: "overdue", sort: "age", within: null, format: "xlsx" });
    await page.locator('#watch-export button[data-format="pdf"]').click();
    await page.locator('#watch-export [data-testid="export-saved"]:has-text(".pdf")').waitFor();
    assert.deepEqual(await lastExport(page), { document: "watchlist", kind: "overdue", sort: "age", within: null, format: "pdf" });

    await page.goto(suite.url() + "#/reports/rating?month=2026-11");
    await page.locator('#rating-export button[data-format="xlsx"]').click();
    await page.locator('#rating-export [data-testid="export-saved"]').waitFor();
    assert.deepEqual(await lastExport(page), { document: "ratings", month: "2026-11", format: "xlsx" });
    await page.locator('#rating-export button[data-format="pdf"]').click();
    await page.locator('#rating-export [data-testid="export-saved"]:has-text(".pdf")').waitFor();
    assert.deepEqual(await lastExport(page), { document: "ratings", month: "2026-11", format: "pdf" });

    await page.goto(suite.url() + "#/reports/compare?level=group&by=overdue");
    await page.locator('#compare-export button[data-format="xlsx"]').click();
    await page.locator('#compare-export [data-testid="export-saved"]').waitFor();
    assert.equal(await page.locator('#compare-export button[data-format="pdf"]').count(), 0, "the comparison has no PDF form");
    assert.deepEqual(await lastExport(page), {
      document: "comparison",
      asOf: "2026-12-15",
      level: "group",
      indicator: "overdue",
      format: "xlsx",
    });
  });

  test("the point's papers: the public notice, a group's 13/TD, a meeting's minutes, the session's receipts", async () => {
    const { page } = await open();
    await page.locator('#notice-export button[data-format="pdf"]').click();
    await page.locator('#notice-export [data-testid="export-saved"]').waitFor();
    assert.deepEqual(await lastExport(page), { document: "public_notice", format: "pdf" });
    assert.equal(await page.locator('#notice-export button[data-format="xlsx"]').count(), 0);

    await page.goto(suite.url() + `#/groups/${GROUP1}`);
    await page.locator('#group-list-export button[data-format="pdf"]').click();
    const saved = page.locator('#group-list-export [data-testid="export-saved"]');
    await saved.waitFor();
    assert.deepEqual(await lastExport(page), { document: "collection_list", groupId: GROUP1, date: "2026-12-15", format: "pdf" });
    assert.match(await text(saved), /^Đã lưu «Mẫu 13-TD tổ T01 phiên 15-12-2026\.pdf»/);

    await page.goto(suite.url() + `#/groups/${GROUP1}/collection/2026-12-15`);
    await page.locator('#list-export button[data-format="xlsx"]').click();
    await page.locator('#list-export [data-testid="export-saved"]').waitFor();
    assert.deepEqual(await lastExport(page), { document: "collection_list", groupId: GROUP1, date: "2026-12-15", format: "xlsx" });

    const meeting = "0193c0de-6000-7000-8000-000000000001";
    await page.goto(suite.url() + `#/groups/${GROUP1}/meetings/${meeting}`);
    await page.locator('#minutes-export button[data-format="pdf"]').click();
    await page.locator('#minutes-export [data-testid="export-saved"]').waitFor();
    assert.deepEqual(await lastExport(page), { document: "minutes", groupId: GROUP1, meetingId: meeting, format: "pdf" });
  });

  test("the session's receipts, and nothing to print worded in Vietnamese", async () => {
    const { page } = await open("#/session", { session: { openingCash: 0 } });
    await page.locator('#session-receipts-export button[data-format="pdf"]').waitFor();
    await page.evaluate(() => {
      window.__ipc.nextErrors.export_document = { code: "nothing_to_print", message: "không có biên lai nào ngày 15/12/2026" };
    });
    await page.locator('#session-receipts-export button[data-format="pdf"]').click();
    const refused = page.locator('#session-receipts-export [data-testid="export-refused"]');
    await refused.waitFor();
    assert.equal(await text(refused), "Không có gì để in: chưa có biên lai hoặc cuộc họp nào cho lựa chọn này.");
    assert.deepEqual(await lastExport(page), { document: "receipts", date: "2026-12-15", format: "pdf" });
  });

  test("in English the buttons and the notice switch language", async () => {
    const { page } = await open("#/reports/fees");
    await page.evaluate(() => localStorage.setItem("phien.lang", "en"));
    await page.reload();
    const button = page.locator('#fees-export button[data-format="xlsx"]');
    assert.equal(await text(button), "Export Excel");
    await button.click();
    assert.match(await text(page.locator('#fees-export [data-testid="export-saved"]')), /^Saved «.*\.xlsx» in the folder /);
  });
});
