// The credit quality screens against the fake backend: the drill-down tree,
// the date picker, refusals worded by code, the rating breakdown, the
// watchlists (home cards, sorting, a group, the A4 print view), fees, the
// comparison, the settings, the English toggle, and that none of it loads
// before a report is opened.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appSuite, calls } from "./harness.mjs";
import { GROUP1, memberId } from "./fixture.mjs";
import { GROUP3 } from "./report-fixture.mjs";

const suite = appSuite({ before, after, afterEach });
const open = suite.open;

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const visibleCodes = (page) => page.locator("#quality-tree tbody tr[data-code]").evaluateAll((rows) => rows.map((r) => r.dataset.code));

describe("start-up", () => {
  test("the home screen loads no report and no report code; the cards lead to the watchlists", async () => {
    const { page, requests } = await open();
    await page.locator(".cards").waitFor();
    assert.deepEqual((await calls(page)).map((c) => c.cmd).sort(), ["home", "staff"], "no report is computed at start-up");
    assert.equal(requests.filter((u) => /Reports-/.test(u)).length, 0, "the reports' chunk is not loaded at start-up");
    await page.locator('[data-watch="overdue"] a').click();
    await page.locator("#watchlist").waitFor();
    assert.equal(await page.evaluate(() => location.hash), "#/reports/watch/overdue");
    assert.ok(requests.some((u) => /Reports-.*\.js$/.test(u)), "the chunk loads when a report opens");
    const [call] = await calls(page, "watchlist");
    assert.deepEqual(call.args, { kind: "overdue", sort: "amount", date: null, within: null });
    assert.deepEqual(requests.filter((u) => !u.startsWith(suite.url())), [], "nothing leaves the machine");
    await page.goto(suite.url() + "#/");
    await page.locator("#home-due-list").click();
    await page.locator('#watchlist[data-kind="due"]').waitFor();
  });
});

describe("credit quality by level", () => {
  test("drills down from the point to an association, a group and its borrowers, from the keyboard", async () => {
    const { page } = await open("#/reports");
    await page.locator("#quality-tree").waitFor();
    assert.deepEqual(await visibleCodes(page), ["5610", "DGD-TP", "HND", "HPN", "CCB", "DTN"], "office, point and its associations first");
    const [first] = await calls(page, "credit_report");
    assert.deepEqual(first.args, { asOf: "2026-12-15", level: "group" }, "read down to the groups, on today");
    const point = page.locator('tr[data-code="DGD-TP"]');
    assert.equal(await point.locator("td").nth(1).innerText(), "584.000.000 ₫");
    assert.equal(await point.locator('[data-col="overdue-ratio"]').innerText(), "7,41 %", "a ratio with a comma");

    const hnd = page.locator('tr[data-code="HND"] .tree-toggle');
    assert.equal(await hnd.getAttribute("aria-expanded"), "false");
    await hnd.focus();
    await page.keyboard.press("Enter");
    assert.equal(await hnd.getAttribute("aria-expanded"), "true");
    assert.deepEqual(await visibleCodes(page), ["5610", "DGD-TP", "HND", "T01", "HPN", "CCB", "DTN"]);
    assert.equal((await calls(page, "credit_report")).length, 1, "groups were already read");

    await page.locator('tr[data-code="T01"] .tree-toggle').focus();
    await page.keyboard.press("Space");
    await page.locator('tr[data-code="KH000107"]').waitFor();
    const borrowersCall = (await calls(page, "credit_report"))[1];
    assert.deepEqual(borrowersCall.args, { asOf: "2026-12-15", level: "borrower", within: GROUP1 }, "a group's borrowers when it opens");
    const codes = await visibleCodes(page);
    assert.deepEqual(codes.slice(0, 11), ["5610", "DGD-TP", "HND", "T01", "KH000101", "KH000102", "KH000103", "KH000104", "KH000105", "KH000106", "KH000107"]);
    assert.equal(
      await page.locator('tr[data-code="KH000101"] a').getAttribute("href"),
      `#/member/${memberId(101)}?date=2026-12-15`,
      "a borrower leads to their statement on the report date",
    );
    // Closing the association hides its group and borrowers; reopening needs no new reading.
    await hnd.click();
    assert.deepEqual(await visibleCodes(page), ["5610", "DGD-TP", "HND", "HPN", "CCB", "DTN"]);
    await hnd.click();
    await page.locator('tr[data-code="KH000101"]').waitFor();
    assert.equal((await calls(page, "credit_report")).length, 2, "the borrowers read once");
  });

  test("another date is typed dd/mm/yyyy; a wrong or future one is refused before asking", async () => {
    const { page } = await open("#/reports");
    await page.locator("#quality-tree").waitFor();
    await page.locator("#quality-date").fill("31/02/2026");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#quality-date-error").innerText(), "Ngày phải theo dạng dd/mm/yyyy");
    await page.locator("#quality-date").fill("16/12/2026");
    await page.keyboard.press("Enter");
    assert.match(await page.locator("#quality-date-error").innerText(), /15\/12\/2026/);
    assert.equal((await calls(page, "credit_report")).length, 1, "nothing asked for a bad date");
    await page.locator("#quality-date").fill("30/11/2026");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash === "#/reports/quality?date=2026-11-30");
    await page.locator('[data-testid="as-of"]').filter({ hasText: "30/11/2026" }).waitFor();
    const last = (await calls(page, "credit_report")).at(-1);
    assert.equal(last.args.asOf, "2026-11-30");
  });

  test("a refusal is worded by its code, never the raw message", async () => {
    const { page } = await open("#/");
    await page.locator(".cards").waitFor();
    await page.evaluate(() => {
      window.__ipc.nextErrors.credit_report = { code: "unknown_unit", message: "Đơn vị = «x»: RAW-MESSAGE" };
    });
    await page.evaluate(() => (location.hash = "#/reports"));
    const banner = page.locator('[data-code="unknown_unit"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Đơn vị này không có trong tệp dữ liệu/);
    assert.doesNotMatch(await banner.innerText(), /RAW-MESSAGE/);
    await banner.getByRole("button", { name: "Thử lại" }).click();
    await page.locator("#quality-tree").waitFor();
  });
});

describe("group rating", () => {
  test("each score is broken down criterion by criterion in words a group leader reads", async () => {
    const { page } = await open("#/reports/rating");
    await page.locator("#ratings").waitFor();
    assert.deepEqual((await calls(page, "group_ratings"))[0].args, { month: "2026-12" });
    assert.equal(await text(page.locator('[data-testid="grade-counts"]')), "Tốt 1 Khá 0 Trung bình 1 Yếu 2");
    const t02 = page.locator('tr[data-group="T02"]');
    assert.equal(await t02.locator('[data-col="score"]').innerText(), "76,49");
    await t02.getByRole("button", { name: "Xem chi tiết điểm" }).click();
    const breakdown = page.locator('[data-testid="breakdown"]');
    await breakdown.waitFor();
    assert.match(await text(breakdown.locator("p").first()), /^Tổ T02 được 76,49\/100 điểm: xếp loại Trung bình\. Tốt từ 90 điểm, Khá từ 80, Trung bình từ 70/);
    assert.equal(await breakdown.locator("tbody tr").count(), 6);
    const interest = breakdown.locator('tr[data-criterion="thu_lai"]');
    assert.equal(
      await text(interest),
      "Tỷ lệ thu lãi Lãi thực thu 832.000 ₫ trên lãi phải thu 962.000 ₫ 86,49 % Đủ 20 điểm khi đạt từ 100 % trở lên; 0 điểm khi từ 80 % trở xuống; ở giữa tính theo tỷ lệ. 6,49/20",
    );
    assert.match(await text(breakdown.locator('tr[data-criterion="no_qua_han"]')), /Đủ 30 điểm khi từ 0 % trở xuống; 0 điểm khi từ 2 % trở lên/);
    assert.equal(await text(breakdown.locator("tfoot")), "Tổng cộng 76,49/100");
    // A month picked: asked for that month; a group named in the address is opened.
    await page.goto(`${suite.url()}#/reports/rating?month=2026-10&group=${GROUP3}`);
    await page.locator(`#breakdown-${GROUP3}`).waitFor();
    assert.equal((await calls(page, "group_ratings")).at(-1).args.month, "2026-10");
    assert.match(await text(page.locator(`#breakdown-${GROUP3} tr[data-criterion="thu_no_den_han"]`)), /Không có gì để đo: được đủ điểm/);
  });
});

describe("watchlists", () => {
  test("sorts by amount or age, from the buttons or the column heads, and narrows to a group", async () => {
    const { page } = await open("#/reports/watch/overdue");
    await page.locator("#watchlist").waitFor();
    const amounts = () => page.locator('#watchlist tbody [data-col="amount"]').allInnerTexts();
    const days = () => page.locator('#watchlist tbody [data-col="age"]').evaluateAll((tds) => tds.map((td) => Number(td.dataset.days)));
    assert.deepEqual(await amounts(), ["30.000.000 ₫", "11.250.000 ₫", "2.000.000 ₫"], "largest first");
    assert.equal(await text(page.locator('[data-testid="watch-summary"]')), "Ngày 15/12/2026 · 3 dòng, tổng 43.250.000 ₫");

    await page.locator("#watch-group").selectOption(GROUP1);
    await page.waitForFunction(() => document.querySelectorAll("#watchlist tbody tr").length === 2);
    assert.equal((await calls(page, "watchlist")).at(-1).args.within, GROUP1);

    await page.locator("#watch-group").selectOption("");
    await page.locator('#watchlist tbody tr').nth(2).waitFor();
    await page.goto(suite.url() + "#/reports/watch/arrears");
    await page.locator('#watchlist[data-kind="arrears"]').waitFor();
    assert.deepEqual(await amounts(), ["832.000 ₫", "204.500 ₫", "130.000 ₫", "96.000 ₫"]);
    await page.locator('button[data-sort="age"]').click();
    await page.waitForFunction(() => location.hash.includes("sort=age"));
    await page.locator('#watchlist th[aria-sort="descending"] [data-sort-head="age"]').waitFor();
    assert.deepEqual(await days(), [136, 75, 75, 44], "oldest first");
    assert.equal(await page.locator('button[data-sort="age"]').getAttribute("aria-pressed"), "true");
    await page.locator('[data-sort-head="amount"]').click();
    await page.locator('#watchlist th[aria-sort="descending"] [data-sort-head="amount"]').waitFor();
    assert.deepEqual(await amounts(), ["832.000 ₫", "204.500 ₫", "130.000 ₫", "96.000 ₫"]);
    assert.deepEqual((await calls(page, "watchlist")).map((c) => c.args.sort).slice(-3), ["amount", "age", "amount"]);
  });

  test("the moved-away list shows the tracing; the print view is an A4 page with the total and signatures", async () => {
    const { page } = await open("#/reports/watch/moved_away");
    await page.locator("#watchlist").waitFor();
    assert.match(await text(page.locator("#watchlist tbody tr").first()), /TP\. Hồ Chí Minh Đã có trả lời Công an 10\/09\/2026: Tạm trú tại phường Linh Trung/);
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => (window.__printed += 1);
    });
    await page.locator("#watch-print").click();
    const sheet = page.locator("#watch-print-view");
    await sheet.waitFor();
    assert.equal(await page.evaluate(() => location.hash), "#/reports/watch/moved_away/print");
    assert.equal(await sheet.locator("h1").innerText(), "DANH SÁCH HỘ VAY ĐI KHỎI ĐỊA PHƯƠNG CÒN DƯ NỢ");
    assert.match(await text(sheet.locator(".print-head")), /Phòng giao dịch NHCSXH huyện Đồng Phú Điểm giao dịch xã Tân Phú/);
    assert.match(await text(sheet.locator("tfoot")), /Tổng cộng 50\.000\.000 ₫/);
    assert.match(await text(sheet.locator(".signatures")), /Người lập \(ký, ghi rõ họ tên\) Tổ trưởng tổ giao dịch/);
    assert.equal(await page.locator(".tabs").count(), 0, "no tabs on the print view");
    await page.locator("#watch-print-now").click();
    assert.equal(await page.evaluate(() => window.__printed), 1);
    // Printed, only the sheet shows: no navigation, no buttons, A4 landscape.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".sidenav").isVisible(), false);
    assert.equal(await page.locator("#watch-print-now").isVisible(), false);
    assert.equal(await sheet.isVisible(), true);
    assert.equal(await sheet.evaluate((el) => getComputedStyle(el).page), "wide");
  });
});

describe("fees, comparison, settings", () => {
  test("the month's fees per association and group with their totals", async () => {
    const { page } = await open("#/reports/fees");
    await page.locator("#fees").waitFor();
    assert.equal(await page.locator('[data-testid="fee-rates"]').innerText(), "Phí ủy thác 0,045 %/tháng · hoa hồng 0,08 %/tháng");
    assert.deepEqual(
      await page.locator("#fees tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.code)),
      ["HND", "T01", "HPN", "T02", "CCB", "T03", "DTN", "T04"],
      "each association followed by its groups",
    );
    assert.equal(await page.locator('[data-testid="total-fee"]').innerText(), "168.170 ₫");
    assert.equal(await page.locator('[data-testid="total-commission"]').innerText(), "298.970 ₫");
    await page.locator("#fees-month").selectOption("2026-11");
    await page.waitForFunction(() => location.hash.includes("month=2026-11"));
    await page.locator("h1", { hasText: "11/2026" }).waitFor();
    assert.equal((await calls(page, "fee_report")).at(-1).args.month, "2026-11");
  });

  test("the comparison ranks a level's units with bars, worse than the whole in red", async () => {
    const { page } = await open("#/reports/compare?level=group");
    await page.locator("#comparison").waitFor();
    assert.deepEqual((await calls(page, "compare_units"))[0].args, { asOf: "2026-12-15", level: "group", indicator: "overdue_ratio" });
    assert.deepEqual(await page.locator('#comparison tbody [data-col="rank"]').allInnerTexts(), ["1", "1", "3", "4"], "equal values share a rank");
    assert.equal(await page.locator("#comparison tbody tr.worse").getAttribute("data-code"), "T01");
    assert.equal(await page.locator("#compare-chart [data-row]").count(), 4, "one bar per group");
    assert.match(await page.locator("#compare-chart .whole text").textContent(), /Chung: 7,41 %/);
    await page.locator("#compare-by").selectOption("interest_arrears");
    await page.waitForFunction(() => location.hash.includes("by=interest_arrears"));
    await page.locator('#comparison th', { hasText: "Lãi tồn" }).first().waitFor();
    assert.deepEqual(await page.locator('#comparison tbody [data-col="value"]').allInnerTexts(), ["0 ₫", "96.000 ₫", "130.000 ₫", "1.036.500 ₫"]);
  });

  test("a supervisor changes the scheme from a month; a scheme that does not add up is refused", async () => {
    const { page } = await open("#/reports/settings", { actor: "GS01" });
    await page.locator("#scheme-editor").waitFor();
    const weight = (c) => page.locator(`#scheme-editor tr[data-criterion="${c}"] input[data-field="weight"]`);
    await weight("gd_tai_xa").fill("25");
    assert.equal(await page.locator('[data-testid="weight-sum"]').innerText(), "105");
    await page.locator("#scheme-save").click();
    const refusal = page.locator('#scheme-editor [data-code="bad_rating_scheme"]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /Cách chấm chưa dùng được: các tiêu chí cộng lại đúng 100 điểm/);
    await weight("no_qua_han").fill("25");
    await page.locator('[data-band="trungBinh"]').fill("50");
    await page.locator("#scheme-save").click();
    await page.locator("#scheme-editor .banner-ok").waitFor();
    assert.equal(await page.locator("#scheme-editor .banner-ok").innerText(), "Đã lưu cách chấm áp dụng từ tháng 01/2027.");
    const saved = (await calls(page, "set_rating_scheme")).at(-1);
    assert.equal(saved.args.actor, "GS01");
    assert.equal(saved.args.from, "2027-01");
    assert.equal(saved.args.scheme.bands.trungBinh, "50");

    await page.locator("#rate-pct").fill("0,1");
    await page.locator("#rate-save").click();
    await page.locator('#fee-rates [data-code="bad_fee_rate"]').waitFor();
    await page.locator("#rate-pct").fill("0,07");
    await page.locator("#rate-save").click();
    await page.locator('#fee-rates tr[data-kind="group_commission"][data-from="2027-01"]').waitFor();
  });

  test("without a recorder nothing is sent", async () => {
    const { page } = await open("#/reports/settings", { actor: null });
    await page.locator("#scheme-editor").waitFor();
    await page.locator("#scheme-save").click();
    await page.locator("#scheme-editor .banner-error").waitFor();
    assert.equal((await calls(page, "set_rating_scheme")).length, 0);
  });
});

describe("language", () => {
  test("the reports switch to English and back", async () => {
    const { page } = await open("#/reports/rating");
    await page.locator("#ratings").waitFor();
    await page.getByRole("button", { name: "EN" }).click();
    assert.equal(await page.locator(".tabs a").first().innerText(), "By level");
    assert.equal(await page.locator("h1").innerText(), "Group rating, 12/2026");
    assert.equal(await text(page.locator('[data-testid="grade-counts"]')), "Good 1 Fair 0 Average 1 Weak 2");
    await page.locator('tr[data-group="T01"]').getByRole("button", { name: "Show the points" }).click();
    assert.match(await text(page.locator(`#breakdown-${GROUP1} tr[data-criterion="gd_tai_xa"]`)), /^Transactions at the commune point Paid at the session 4\.700\.000 ₫/);
    await page.locator('.tabs a[data-tab="quality"]').click();
    await page.locator("#quality-tree").waitFor();
    assert.equal(await page.locator("#quality-tree thead th").nth(5).innerText(), "Overdue %");
    assert.equal(await page.locator('tr[data-code="HPN"] td').nth(4).innerText(), "0,00 %", "numbers stay Vietnamese-formatted");
    await page.getByRole("button", { name: "VI" }).click();
    assert.equal(await page.locator("#quality-tree thead th").nth(5).innerText(), "Tỷ lệ QH");
    assert.equal(await page.locator(".sidenav a[aria-current=page]").innerText(), "Chất lượng tín dụng");
  });
});

