// The district's credit report from the sync server on the credit quality
// screen, against the fake backend: «Số liệu» offered only on a supervisor's
// laptop; the server's answer in the same table, with where and when it comes
// from, its groups opened from the server and exported as the server's; no
// signal or a refusal worded by code, with this laptop's figures kept on screen.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appSuite, calls } from "./harness.mjs";
import { GROUP1 } from "./fixture.mjs";

const suite = appSuite({ before, after, afterEach });
const open = suite.open;

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const codes = (page) => page.locator("#quality-tree tbody tr[data-code]").evaluateAll((rows) => rows.map((r) => r.dataset.code));
const outstanding = (page, code) => page.locator(`#quality-tree tr[data-code="${code}"] td`).nth(1).innerText();
const SERVER = "https://dongbo.pgd-dongphu.example.vn";

describe("the district's report from the server", () => {
  test("is not offered on a laptop that is not a supervisor's, even when the address asks for it", async () => {
    for (const sync of [undefined, "enrolled"]) {
      const { page } = await open("#/reports/quality?source=server", { sync });
      await page.locator("#quality-tree").waitFor();
      assert.equal(await page.locator("#quality-source").count(), 0, `${sync ?? "not enrolled"}: no choice of source`);
      assert.equal(await page.locator('[data-testid="source"]').count(), 0, "nor a source line");
      assert.deepEqual(await calls(page, "district_credit_report"), [], "the server is never asked");
      assert.deepEqual(await codes(page), ["5610", "DGD-TP", "HND", "HPN", "CCB", "DTN"], "this laptop's report");
    }
  });

  test("a supervisor chooses it: the server's answer in the same table, with where and when, opened and exported", async () => {
    const { page } = await open("#/reports/quality", { sync: "supervisor" });
    await page.locator("#quality-tree").waitFor();
    const local = page.locator('#quality-source button[data-source="local"]');
    const server = page.locator('#quality-source button[data-source="server"]');
    assert.equal(await text(page.locator("#quality-source")), "Số liệu Máy này Toàn quận/huyện (máy chủ)");
    assert.equal(await local.getAttribute("aria-pressed"), "true");
    assert.equal(await text(page.locator('[data-testid="source"]')), "Nguồn: số liệu trên máy này.");
    assert.deepEqual(await calls(page, "district_credit_report"), [], "nothing asked of the server before the choice");
    // A group opened on this laptop's figures.
    await page.locator('tr[data-code="HND"] .tree-toggle').click();
    await page.locator('tr[data-code="T01"] .tree-toggle').click();
    await page.locator('tr[data-code="KH000107"]').waitFor();

    await server.click();
    await page.locator('#quality-tree tr[data-code="DGD-TH"]').waitFor();
    assert.equal(await page.evaluate(() => location.hash), "#/reports/quality?source=server");
    assert.equal(await server.getAttribute("aria-pressed"), "true");
    const [asked] = await calls(page, "district_credit_report");
    assert.deepEqual(asked.args, { asOf: "2026-12-15", level: "group" }, "the same date and level as this laptop's");
    assert.deepEqual(
      await codes(page),
      ["5610", "DGD-TP", "HND", "T01", "HPN", "CCB", "DTN", "DGD-TH"],
      "both points of the district; the association stays open, its group closes (its borrowers are this laptop's)",
    );
    assert.equal(await outstanding(page, "5610"), "1.168.000.000 ₫", "the office over both points");
    assert.equal(await outstanding(page, "DGD-TP"), "584.000.000 ₫");
    assert.equal(
      await text(page.locator('[data-testid="source"]')),
      `Nguồn: máy chủ ${SERVER}, đến thay đổi số 48217, lúc 14:05 15/12/2026.`,
      "where the figures come from and when (the laptop's time zone)",
    );
    assert.equal(await text(page.locator('[data-testid="as-of"]')), "Số liệu đến hết ngày 15/12/2026");

    // A group opens to its borrowers from the server; the server's units lead to no page of this laptop.
    await page.locator('tr[data-code="T01"] .tree-toggle').click();
    await page.locator('tr[data-code="KH000107"]').waitFor();
    const opened = (await calls(page, "district_credit_report")).at(-1);
    assert.deepEqual(opened.args, { asOf: "2026-12-15", level: "borrower", within: GROUP1 });
    assert.equal((await calls(page, "credit_report")).length, 2, "this laptop's report and T01's borrowers, read once each");
    assert.equal(await page.locator('#quality-tree tr[data-code="T01"] a').count(), 0, "no link to a group page");
    assert.equal(await page.locator('#quality-tree tr[data-code="KH000107"] a').count(), 0, "nor to a statement");

    await page.locator('#quality-export button[data-format="xlsx"]').click();
    await page.locator('#quality-export [data-testid="export-saved"]').waitFor();
    assert.deepEqual((await calls(page, "export_document")).at(-1).args.request, {
      document: "credit_report",
      asOf: "2026-12-15",
      level: "group",
      source: "server",
      format: "xlsx",
    });

    // Back to this laptop's figures: its table, its links, its export.
    await local.click();
    await page.waitForFunction(() => !document.querySelector('#quality-tree tr[data-code="DGD-TH"]'));
    assert.equal(await outstanding(page, "5610"), "584.000.000 ₫");
    assert.equal(await text(page.locator('[data-testid="source"]')), "Nguồn: số liệu trên máy này.");
    await page.locator('#quality-export button[data-format="pdf"]').click();
    await page.locator('#quality-export [data-testid="export-saved"]').waitFor();
    assert.deepEqual((await calls(page, "export_document")).at(-1).args.request, {
      document: "credit_report",
      asOf: "2026-12-15",
      level: "group",
      format: "pdf",
    });
  });

  test("with no signal it says so in Vietnamese and keeps this laptop's figures; «Thử lại» gets the server's", async () => {
    const { page } = await open("#/", { sync: "supervisor" });
    await page.locator(".cards").waitFor();
    await page.evaluate(() => (window.__ipc.offline = true));
    await page.evaluate(() => (location.hash = "#/reports/quality?source=server"));
    const banner = page.locator('[role="alert"][data-code="unreachable"]');
    await banner.waitFor();
    assert.match(await text(banner), /^Không kết nối được máy chủ đồng bộ nên chưa lấy được số liệu toàn quận\/huyện\. Hãy thử lại khi có mạng\./);
    await page.locator("#quality-tree").waitFor();
    assert.match(await text(banner), /Đang hiển thị số liệu của máy này\./);
    assert.doesNotMatch(await text(banner), /connection refused|3 lần thử/, "the client's raw text is not shown");
    assert.deepEqual(await codes(page), ["5610", "DGD-TP", "HND", "HPN", "CCB", "DTN"], "this laptop's report stays");
    assert.equal(await text(page.locator('[data-testid="source"]')), "Nguồn: số liệu trên máy này.");

    await page.evaluate(() => (window.__ipc.offline = false));
    await banner.getByRole("button", { name: "Thử lại" }).click();
    await page.locator('#quality-tree tr[data-code="DGD-TH"]').waitFor();
    assert.equal(await page.locator('[data-code="unreachable"]').count(), 0);
    assert.match(await text(page.locator('[data-testid="source"]')), /^Nguồn: máy chủ /);

    // The report shown still goes to a file once the signal is gone again.
    await page.evaluate(() => (window.__ipc.offline = true));
    await page.locator('#quality-export button[data-format="xlsx"]').click();
    await page.locator('#quality-export [data-testid="export-saved"]').waitFor();
  });

  test("each refusal is worded by its code, never the server's raw text", async () => {
    const cases = {
      forbidden: /chỉ cấp số liệu toàn quận\/huyện cho máy của cán bộ giám sát/,
      revoked: /đã bị thu hồi quyền đồng bộ/,
      unauthorized: /không nhận ra máy này/,
      timeout: /lần đầu, việc này có thể mất vài phút/,
      bad_as_of: /^Máy chủ không trả được số liệu toàn quận\/huyện\. Hãy thử lại sau\./,
    };
    const { page } = await open("#/reports/quality", { sync: "supervisor" });
    await page.locator("#quality-tree").waitFor();
    for (const [code, words] of Object.entries(cases)) {
      await page.evaluate((c) => {
        window.__ipc.nextErrors.district_credit_report = { code: c, message: "RAW-MESSAGE từ máy chủ" };
      }, code);
      await page.locator('#quality-source button[data-source="server"]').click();
      const banner = page.locator(`[role="alert"][data-code="${code}"]`);
      await banner.waitFor();
      assert.match(await text(banner), words, code);
      assert.doesNotMatch(await text(banner), /RAW-MESSAGE/, code);
      assert.equal(await page.locator('[data-testid="source"]').innerText(), "Nguồn: số liệu trên máy này.", code);
      await page.locator('#quality-source button[data-source="local"]').click();
      await page.waitForFunction((c) => !document.querySelector(`[data-code="${c}"]`), code);
    }
  });
});

// The group ratings, fees, watchlists and comparison: the same choice, the
// same notes and source line (./src/screens/reports/source.tsx); the
// server's units lead to no page of this laptop, and an export writes the
// server's figures (asked for again when the file is made).
describe("the district's other reports from the server", () => {
  const SCREENS = [
    ["#/reports/rating?source=server", "#ratings", "rating-source", "district_group_ratings"],
    ["#/reports/fees?source=server", "#fees", "fees-source", "district_fee_report"],
    ["#/reports/watch/overdue?source=server", "#watchlist", "watch-source", "district_watchlist"],
    ["#/reports/compare?source=server", "#comparison", "compare-source", "district_compare_units"],
  ];

  test("are not offered on a laptop that is not a supervisor's", async () => {
    for (const [hash, table, choice, command] of SCREENS) {
      const { page } = await open(hash, { sync: "enrolled" });
      await page.locator(table).waitFor();
      assert.equal(await page.locator(`#${choice}`).count(), 0, `${hash}: no choice of source`);
      assert.equal(await page.locator('[data-testid="source"]').count(), 0, `${hash}: nor a source line`);
      assert.deepEqual(await calls(page, command), [], `${hash}: the server is never asked`);
    }
  });

  test("a supervisor's group ratings from the server: the same table, the other point's group not a link, exported as the server's", async () => {
    const { page } = await open("#/reports/rating", { sync: "supervisor" });
    await page.locator("#ratings").waitFor();
    assert.equal(await text(page.locator("#rating-source")), "Số liệu Máy này Toàn quận/huyện (máy chủ)");
    assert.equal(await text(page.locator('[data-testid="source"]')), "Nguồn: số liệu trên máy này.");
    assert.equal(await page.locator('#ratings tr[data-group="T01"] a').count(), 1, "this laptop's group is a link");

    await page.locator('#rating-source button[data-source="server"]').click();
    await page.locator('#ratings tr[data-group="T21"]').waitFor();
    assert.deepEqual((await calls(page, "district_group_ratings"))[0].args, { month: "2026-12" }, "the same month");
    assert.deepEqual(
      await page.locator("#ratings tbody tr[data-group]").evaluateAll((rows) => rows.map((r) => r.dataset.group)),
      ["T01", "T02", "T03", "T04", "T21"],
      "every group of the district",
    );
    assert.equal(await text(page.locator('[data-testid="grade-counts"]')), "Tốt 1 Khá 0 Trung bình 1 Yếu 3");
    assert.equal(await text(page.locator('#ratings tr[data-group="T21"] td').first()), "T21 Tổ bà Lê Thị Hoa");
    assert.equal(await page.locator("#ratings a").count(), 0, "no group of the server's is a link");
    assert.match(await text(page.locator('[data-testid="source"]')), /^Nguồn: máy chủ https:\/\/dongbo\.pgd-dongphu\.example\.vn, đến thay đổi số \d+, lúc 14:05 15\/12\/2026\.$/);
    for (const format of ["xlsx", "pdf"]) {
      await page.locator(`#rating-export button[data-format="${format}"]`).click();
      await page.locator(`#rating-export [data-testid="export-saved"]:has-text(".${format}")`).waitFor();
      assert.deepEqual((await calls(page, "export_document")).at(-1).args.request, {
        document: "ratings",
        month: "2026-12",
        source: "server",
        format,
      }, `${format}: the server's figures are what is written`);
    }
    // The breakdown opens on the server's figures too.
    await page.locator('#ratings tr[data-group="T21"] button').click();
    await page.locator('[data-testid="breakdown"]').waitFor();

    await page.locator('#rating-source button[data-source="local"]').click();
    await page.waitForFunction(() => !document.querySelector('#ratings tr[data-group="T21"]'));
    assert.equal(await page.locator('#rating-export button[data-format="xlsx"]').isDisabled(), false, "this laptop's figures export");
  });

  test("a supervisor's overdue list from the server: the other point's borrower in the table, not a link", async () => {
    const { page } = await open("#/reports/watch/overdue?source=server", { sync: "supervisor" });
    await page.locator('#watchlist tr[data-member]').nth(3).waitFor();
    assert.deepEqual((await calls(page, "district_watchlist"))[0].args, { kind: "overdue", sort: "amount", date: null, within: null });
    assert.deepEqual(await page.locator('#watchlist tbody [data-col="amount"]').allInnerTexts(), [
      "30.000.000 ₫",
      "11.250.000 ₫",
      "2.000.000 ₫",
      "1.250.000 ₫",
    ]);
    assert.equal(await text(page.locator('[data-testid="watch-summary"]')), "Ngày 15/12/2026 · 4 dòng, tổng 44.500.000 ₫");
    assert.equal(await page.locator("#watchlist a").count(), 0, "no borrower of the server's is a link");
    assert.match(await text(page.locator('[data-testid="source"]')), /^Nguồn: máy chủ /);
    await page.locator('#watch-export button[data-format="pdf"]').click();
    await page.locator('#watch-export [data-testid="export-saved"]').waitFor();
    assert.equal((await calls(page, "export_document")).at(-1).args.request.source, "server");
    // Sorted by age: asked of the server again, the choice kept in the address.
    await page.locator('button[data-sort="age"]').click();
    await page.waitForFunction(() => location.hash.includes("sort=age") && location.hash.includes("source=server"));
    await page.waitForFunction(() => document.querySelector("#watchlist")?.dataset.kind === "overdue");
    assert.equal((await calls(page, "district_watchlist")).at(-1).args.sort, "age");
  });

  test("a refusal is worded by its code, and this laptop's figures stay", async () => {
    const { page } = await open("#/reports/fees", { sync: "supervisor" });
    await page.locator("#fees").waitFor();
    await page.evaluate(() => {
      window.__ipc.nextErrors.district_fee_report = { code: "revoked", message: "RAW-MESSAGE từ máy chủ" };
    });
    await page.locator('#fees-source button[data-source="server"]').click();
    const banner = page.locator('[role="alert"][data-code="revoked"]');
    await banner.waitFor();
    assert.match(await text(banner), /^Máy này đã bị thu hồi quyền đồng bộ nên không lấy được số liệu toàn quận\/huyện\. Hãy liên hệ quận\/huyện\. Đang hiển thị số liệu của máy này\./);
    assert.doesNotMatch(await text(banner), /RAW-MESSAGE/);
    assert.equal(await page.locator('[data-testid="total-fee"]').innerText(), "168.170 ₫", "this laptop's fees stay");
    assert.equal(await text(page.locator('[data-testid="source"]')), "Nguồn: số liệu trên máy này.");
    assert.equal(await page.locator('#fees-export button[data-format="xlsx"]').isDisabled(), false, "this laptop's figures export");

    // The comparison with no signal: worded, this laptop's ranking kept.
    await page.evaluate(() => (window.__ipc.offline = true));
    await page.evaluate(() => (location.hash = "#/reports/compare?level=group&source=server"));
    const unreachable = page.locator('[role="alert"][data-code="unreachable"]');
    await unreachable.waitFor();
    assert.match(await text(unreachable), /^Không kết nối được máy chủ đồng bộ/);
    await page.locator("#comparison").waitFor();
    assert.equal(await page.locator("#comparison tbody tr").count(), 4, "this laptop's groups");
  });
});
