// The borrower screen (sao kê) and corrections: a reversal approved by a
// second person with their PIN.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launch, openApp, calls, cell, cellValues } from "./harness.mjs";
import { GROUP1, entryId, fixture, memberId } from "./fixture.mjs";

let server, browser;
const opened = [];

before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  for (const app of opened.splice(0)) {
    assert.deepEqual(app.errors, [], "no uncaught errors in the page");
    await app.context.close();
  }
});

async function open(path, opts = {}) {
  const app = await openApp(browser, server.url, opts);
  opened.push(app);
  await app.page.goto(server.url + path);
  return app;
}

const AN = memberId(101);
const anUrl = `#/member/${AN}?date=${fixture.today}`;
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const entryRow = (page, n) => page.locator(`#member-entries tr[data-entry="${entryId(n)}"]`);

async function openAn(opts) {
  const app = await open(anUrl, opts);
  await app.page.locator("#member-entries").waitFor();
  return app;
}

describe("borrower screen", () => {
  test("shows who the borrower is, their loans, schedule, decisions, history, status and traces", async () => {
    const { page } = await openAn();
    assert.match(await page.locator("#member-name").innerText(), /^Nguyễn Văn An/);
    assert.deepEqual(await page.locator('[data-testid="member-badges"] .badge').allInnerTexts(), [
      "Quá hạn",
      "Khoanh nợ",
      "3 tháng không hoạt động",
      "Đi khỏi địa phương",
    ]);
    assert.equal(await text(page.locator('[data-testid="as-of"]')), "Số liệu tính đến ngày 15/12/2026");
    assert.equal(
      await text(page.locator("#member-facts")),
      "Mã khách hàng KH000101 Số CCCD 070085001234 Năm sinh 1985 Thôn Phú Lợi Điện thoại 0912 345 678 Tổ TK&VV T01 Tổ TK&VV thôn Phú Lợi",
    );
    const fact = (id) => text(page.locator(`[data-fact="${id}"] .value`));
    assert.equal(await fact("outstanding"), "50.000.000 ₫");
    assert.equal(await fact("overdue"), "5.000.000 ₫");
    assert.equal(await fact("interest-due"), "260.000 ₫");
    assert.equal(await fact("savings"), "1.200.000 ₫");

    // The overdue loan: figures, terms and the whole schedule.
    const l1 = page.locator('[data-loan="7400000101000001"]');
    assert.equal(await text(l1.locator('[data-testid="loan-status"]')), "Quá hạn");
    assert.match(await text(l1.locator(".loan-facts")), /Chương trình Cho vay hộ nghèo Ngày vay 15\/12\/2024 Số tiền vay 40\.000\.000 ₫ Thời hạn 48 tháng Giao dịch gần nhất 15\/11\/2026/);
    const fig = (loan, f) => text(loan.locator(`[data-figure="${f}"]`));
    assert.equal(await fig(l1, "outstanding"), "30.000.000 ₫");
    assert.equal(await fig(l1, "current"), "25.000.000 ₫");
    assert.equal(await fig(l1, "overdue"), "5.000.000 ₫");
    assert.equal(await fig(l1, "interestDue"), "260.000 ₫");
    const schedule = l1.locator(".schedule tbody tr");
    assert.equal(await schedule.count(), 8);
    assert.equal(await text(schedule.nth(0)), "1 15/06/2025 5.000.000 ₫");
    assert.equal(await text(schedule.nth(7)), "8 15/12/2028 5.000.000 ₫");
    assert.equal(await l1.locator(".decisions").count(), 0);

    // The frozen loan: its badge, inactivity and the freeze decision.
    const l2 = page.locator('[data-loan="7400000101000002"]');
    assert.equal(await text(l2.locator('[data-testid="loan-status"]')), "Khoanh nợ");
    assert.match(await text(l2.locator("h3")), /3 tháng không hoạt động/);
    assert.equal(await fig(l2, "frozen"), "20.000.000 ₫");
    assert.equal(
      await text(l2.locator(".decisions tbody tr")),
      "15/QĐ-NHCS 20/06/2026 Khoanh nợ Từ 01/06/2026 đến 31/05/2028 Thiệt hại do bão số 3",
    );

    // History, newest first; a reversed entry and its reversal cannot be reversed.
    const rows = page.locator("#member-entries tbody tr");
    assert.equal(await rows.count(), 9);
    assert.equal(await rows.nth(0).getAttribute("data-entry"), entryId(9));
    assert.equal(
      await text(entryRow(page, 9)),
      "15/11/2026 Hủy bút toán 7400000101000001 161.200 ₫ Tại phiên Hủy «Thu lãi» ngày 15/11/2026 Lý do: Thu trùng lãi tháng 11 (biên lai BL-1115)",
    );
    assert.equal(await entryRow(page, 8).getAttribute("data-reversed"), "true");
    assert.match(await text(entryRow(page, 8)), /Thu lãi 7400000101000001 161\.200 ₫ BL-1116 Tại phiên Đã hủy/);
    assert.equal(await entryRow(page, 8).getByRole("button").count(), 0);
    assert.equal(await entryRow(page, 9).getByRole("button").count(), 0);
    assert.equal(await text(entryRow(page, 2)), "15/12/2024 Giải ngân 7400000101000001 40.000.000 ₫ Tại phiên Hủy");
    assert.equal(await page.locator("#member-entries .btn-reverse").count(), 7);

    assert.equal(
      await text(page.locator("#member-status tbody tr")),
      "02/09/2026 Đi khỏi địa phương TP. Hồ Chí Minh Tổ trưởng Phan Văn Sáu Đi làm công nhân",
    );
    const traces = page.locator("#member-traces tbody tr");
    assert.equal(await text(traces.nth(0)), "10/09/2026 Công an Tạm trú tại phường Linh Trung, TP. Thủ Đức 25/09/2026");
    assert.equal(await text(traces.nth(1)), "01/10/2026 Bảo hiểm xã hội Chưa trả lời");

    assert.deepEqual((await calls(page, "statement")).map((c) => c.args), [{ memberId: AN, date: "2026-12-15" }]);

    // English: the store's Vietnamese labels are translated by their codes.
    await page.getByRole("button", { name: "EN" }).click();
    assert.equal(await text(l1.locator('[data-testid="loan-status"]')), "Overdue");
    assert.match(await text(entryRow(page, 5)), /Interest payment/);
    assert.match(await text(page.locator("#member-traces")), /Police/);
  });

  test("search results open the borrower's statement as of today", async () => {
    const { page } = await open("#/search");
    await page.locator("#search").fill("nguyen van an");
    await page.locator("#search-results").getByRole("link", { name: "Nguyễn Văn An" }).click();
    await page.locator("#member-entries").waitFor();
    assert.equal(await page.evaluate(() => location.hash), `#/member/${AN}`);
    assert.deepEqual((await calls(page, "statement")).map((c) => c.args), [{ memberId: AN, date: fixture.today }]);
    assert.equal(await page.locator('.sidenav a[aria-current="page"]').innerText(), "Tìm kiếm");
    await page.locator("#member-back").click();
    await page.locator("#search").waitFor();
  });
});

describe("reversing an entry", () => {
  async function openDialog(page, n) {
    await entryRow(page, n).getByRole("button", { name: "Hủy" }).click();
    await page.locator("#reverse-dialog").waitFor();
  }
  const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? "");

  test("the dialog blocks an empty reason or PIN, picks the controller first, and Escape closes it", async () => {
    const { page } = await openAn();
    await openDialog(page, 6);
    const dialog = page.locator("#reverse-dialog");
    assert.equal(await text(dialog.locator('[data-testid="reverse-entry"]')), "Thu lãi 161.200 ₫ ngày 15/11/2026 · 7400000101000001 · BL-1115");
    assert.match(await dialog.innerText(), /chỉ có hiệu lực khi được kiểm soát viên duyệt: người thứ hai, nhập mã PIN của mình/);
    assert.equal(await focusedId(page), "reverse-reason");
    // Anyone but the recorder (CB03), the controller first; not group leaders.
    const options = await dialog.locator("#reverse-approver option").evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(options, ["CB02", "CB01", "CB04", "GS01"]);
    assert.equal(await dialog.locator("#reverse-approver").inputValue(), "CB02");
    assert.equal(await dialog.locator("#reverse-pin").getAttribute("type"), "password");

    await page.keyboard.press("Enter");
    assert.match(await dialog.innerText(), /Phải ghi lý do hủy\./);
    assert.equal(await focusedId(page), "reverse-reason");
    await page.keyboard.type("   ");
    await dialog.locator("#reverse-submit").click();
    assert.match(await dialog.innerText(), /Phải ghi lý do hủy\./);

    await dialog.locator("#reverse-reason").fill("Thu trùng");
    await page.keyboard.press("Enter");
    assert.doesNotMatch(await dialog.innerText(), /Phải ghi lý do hủy/);
    assert.match(await dialog.innerText(), /Người duyệt phải nhập mã PIN\./);
    assert.equal(await focusedId(page), "reverse-pin");
    assert.equal((await calls(page, "reverse_entry")).length, 0, "nothing sent");

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement?.closest("tr")?.dataset.entry), entryId(6));
    assert.equal((await calls(page, "reverse_entry")).length, 0);
  });

  test("a wrong PIN shows the store's message and keeps the dialog open", async () => {
    const { page } = await openAn();
    await openDialog(page, 6);
    const dialog = page.locator("#reverse-dialog");
    await dialog.locator("#reverse-reason").fill("Thu trùng");
    await dialog.locator("#reverse-pin").fill("9999");
    await page.keyboard.press("Enter");
    await dialog.locator('.banner[data-code="wrong_pin"]').getByText("Mã PIN của người duyệt không đúng").waitFor();
    assert.equal(await dialog.locator("#reverse-pin").inputValue(), "", "the PIN is cleared");
    assert.equal(await focusedId(page), "reverse-pin");
    assert.equal((await calls(page, "reverse_entry")).length, 1);
    assert.equal(await entryRow(page, 6).getAttribute("data-reversed"), "false");

    // Any other refusal shows its message too.
    await page.evaluate(() => {
      window.__ipc.nextErrors.reverse_entry = {
        code: "approver_is_recorder",
        message: "Người duyệt hủy phải là người khác (kiểm soát viên)",
      };
    });
    await dialog.locator("#reverse-pin").fill("1234");
    await dialog.locator("#reverse-submit").click();
    await dialog.locator('.banner[data-code="approver_is_recorder"]').getByText(/phải là người khác/).waitFor();
    assert.equal(await dialog.locator('.banner[data-code="wrong_pin"]').count(), 0);
  });

  test("a successful reversal sends exactly one reverse_entry and the refreshed statement shows it", async () => {
    const { page } = await openAn({ session: { openingCash: 0 } });
    await openDialog(page, 6);
    const dialog = page.locator("#reverse-dialog");
    await dialog.locator("#reverse-reason").fill("  Thu nhầm người ");
    await dialog.locator("#reverse-pin").fill("1234");
    await dialog.locator("#reverse-pin").press("Enter");
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Đã hủy bút toán Thu lãi 161.200 ₫ ngày 15/11/2026.").waitFor();
    const sent = await calls(page, "reverse_entry");
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0].args, {
      actor: "CB03",
      entryId: entryId(6),
      reason: "Thu nhầm người",
      approver: "CB02",
      approverPin: "1234",
      date: "2026-12-15",
    });
    await entryRow(page, 6).locator(".badge-reversed").waitFor();
    assert.equal((await calls(page, "statement")).length, 2, "the statement is read again");
    assert.equal(await entryRow(page, 6).getAttribute("data-reversed"), "true");
    assert.equal(await entryRow(page, 6).getByRole("button").count(), 0);
    // The reversal, recorded in today's open session, is the newest line.
    const first = page.locator("#member-entries tbody tr").first();
    assert.equal(await first.getAttribute("data-kind"), "reversal");
    assert.match(await first.getAttribute("class"), /fresh/);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.kind), "reversal", "the focus is on the new line");
    assert.equal(
      await text(first),
      "15/12/2026 Hủy bút toán 7400000101000001 161.200 ₫ Tại phiên Hủy «Thu lãi» ngày 15/11/2026 Lý do: Thu nhầm người",
    );
    assert.equal(await page.locator("#member-entries .btn-reverse").count(), 6);
    assert.equal(
      await text(page.locator('[data-loan="7400000101000001"] [data-figure="interestDue"]')),
      "421.200 ₫",
      "the interest is owed again",
    );
  });
});

describe("from the 13/TD list", () => {
  test("each name links to the borrower without joining the Tab order, and back keeps the typed draft", async () => {
    const { page } = await open(`#/groups/${GROUP1}/collection/${fixture.today}`);
    await page.locator("#collection-grid").waitFor();
    const link = page.locator('#collection-grid tr[data-row="1"] a.member-link');
    assert.equal(await link.getAttribute("tabindex"), "-1");
    assert.equal(await link.getAttribute("aria-label"), "Xem sao kê của Trần Thị Bình");

    await cell(page, 0, "receiptNo").click();
    await page.keyboard.press("Tab");
    assert.deepEqual(
      await page.evaluate(() => [document.activeElement.dataset.r, document.activeElement.dataset.c]),
      ["1", "0"],
      "Tab goes from one row's last cell to the next row's first, past the name",
    );
    await page.keyboard.type("156000");
    await page.keyboard.press("Tab");
    await page.keyboard.type("20000");

    await link.click();
    await page.locator("#member-name").getByText("Trần Thị Bình").waitFor();
    assert.equal(await page.evaluate(() => location.hash), `#/member/${memberId(102)}?date=${fixture.today}`);
    assert.deepEqual((await calls(page, "statement")).map((c) => c.args), [{ memberId: memberId(102), date: fixture.today }]);

    await page.locator("#member-back").click();
    await page.locator("#collection-grid").waitFor();
    await page.locator('[data-testid="draft-restored"]').waitFor();
    assert.deepEqual(await cellValues(page, 1), ["156.000", "20.000", "", "", "", ""]);
    assert.equal(await text(page.locator('[data-total="cash"]')), "176.000");
  });
});
