// Group leader mode: sign-in, receipts (biên lai 01/BL) typed from the
// keyboard and printed, voiding, and the officer taking the leader's receipts
// into the 13/TD list.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launch, openApp, calls, cell, expectFocus } from "./harness.mjs";
import { GROUP1, fixture, memberId } from "./fixture.mjs";

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

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const receiptId = (n) => "0193c0de-b100-7000-8000-" + String(n).padStart(12, "0");

async function signIn(page, code = "TT01", pin = "1234") {
  await page.locator("#leader-code").fill(code);
  await page.locator("#leader-pin").fill(pin);
  await page.locator("#leader-pin").press("Enter");
}

async function leaderMode(opts) {
  const app = await open("#/leader", opts);
  await signIn(app.page);
  await app.page.locator("#leader-mode").waitFor();
  return app;
}

describe("group leader sign-in", () => {
  test("refusals show Vietnamese messages; signing in replaces the navigation; sign-out returns", async () => {
    const { page } = await open("");
    await page.locator("#leader-sign-in-link").click();
    await page.locator("#leader-sign-in").waitFor();
    await expectFocus(page, "leader-code");

    await signIn(page, "TT01", "9999");
    const err = page.locator("#leader-sign-in-error");
    await err.waitFor();
    assert.equal(await text(err), "Mã PIN không đúng. Nhập lại mã PIN.");
    assert.equal(await err.getAttribute("data-code"), "wrong_pin");
    await expectFocus(page, "leader-pin");
    assert.equal(await page.locator("#leader-pin").inputValue(), "");

    await signIn(page, "CB01", "1234");
    await page.locator('#leader-sign-in-error[data-code="not_group_leader"]').waitFor();
    assert.equal(await text(err), "Mã «CB01» không phải tổ trưởng Tổ TK&VV.");
    await signIn(page, "TT99", "1234");
    await page.locator('#leader-sign-in-error[data-code="not_found"]').waitFor();
    assert.equal(await text(err), "Không có tổ trưởng nào mang mã «TT99».");

    await signIn(page, "tt01", "1234");
    await page.locator("#leader-mode").waitFor();
    assert.equal(await text(page.locator("#leader-mode")), "Chế độ tổ trưởng — Tổ TK&VV thôn Phú Lợi");
    assert.equal(await page.locator("#sidenav").count(), 0, "the officer's navigation is gone");
    assert.equal(await text(page.locator('[data-testid="leader-session"]')), "15/12/2026");
    assert.equal(await text(page.locator('[data-testid="leader-pending"]')), "Tiền cần nộp tại phiên: 0 ₫");
    assert.equal(await page.locator("#leader-members tbody tr").count(), 7);

    await page.locator("#leader-sign-out").click();
    await page.locator("#leader-sign-in-link").waitFor();
    assert.equal(await page.locator("#leader-mode").count(), 0);
    assert.equal((await calls(page, "leader_sign_out")).length, 1);
  });
});

describe("writing a receipt", () => {
  test("keyboard only: prefilled interest, Tab, Enter saves and shows the printable 01/BL with words", async () => {
    const { page } = await leaderMode();
    await page.locator(`[data-collect="${memberId(101)}"]`).click();
    const interest = page.locator("#receipt-interest");
    await expectFocus(page, "receipt-interest");
    assert.equal(await interest.inputValue(), "260.000");
    await page.keyboard.press("Tab");
    await expectFocus(page, "receipt-deposit");
    await page.keyboard.type("50000");
    assert.equal(await text(page.locator('[data-testid="receipt-total"]')), "310.000 ₫");
    await page.keyboard.press("Enter");

    await page.locator("#receipt").waitFor();
    const args = (await calls(page, "leader_record_receipt")).map((c) => c.args);
    assert.deepEqual(args, [{ memberId: memberId(101), interest: 260000, savingsDeposit: 50000 }]);
    assert.match(await text(page.locator("#receipt")), /BIÊN LAI THU LÃI VÀ TIỀN GỬI/);
    assert.match(await text(page.locator("#receipt")), /Mẫu 01\/BL/);
    assert.match(await text(page.locator("#receipt")), /Điểm giao dịch xã Tân Phú/);
    assert.equal(await text(page.locator('[data-testid="receipt-no"]')), "BL0001");
    assert.equal(await text(page.locator('[data-testid="receipt-date"]')), "10/12/2026");
    assert.equal(await text(page.locator('[data-testid="receipt-member"]')), "Nguyễn Văn An (KH000101)");
    assert.equal(await text(page.locator('[data-testid="receipt-interest"]')), "260.000 ₫");
    assert.equal(await text(page.locator('[data-testid="receipt-savings"]')), "50.000 ₫");
    assert.equal(await text(page.locator('[data-testid="receipt-sum"]')), "310.000 ₫");
    assert.equal(await text(page.locator('[data-testid="receipt-words"]')), "Bằng chữ: Ba trăm mười nghìn đồng");
    assert.match(await text(page.locator("#receipt .signatures")), /Người nộp tiền .* Tổ trưởng .* Phan Văn Sáu/);

    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("#receipt-print").isVisible(), false);
    assert.equal(await page.locator("#receipt").isVisible(), true);
    await page.emulateMedia({ media: "screen" });
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => (window.__printed += 1);
    });
    await page.locator("#receipt-print").click();
    assert.equal(await page.evaluate(() => window.__printed), 1);

    await page.locator("#receipt-back").click();
    await page.locator("#leader-members").waitFor();
    await page.getByText("Tiền cần nộp tại phiên: 310.000 ₫").first().waitFor();
    assert.equal(
      await text(page.locator(`#leader-members tr[data-member="${memberId(101)}"] [data-testid="receipted"]`)),
      "260.000 / 50.000",
    );
    // The next receipt for the same member starts from what is left.
    await page.locator(`[data-collect="${memberId(101)}"]`).click();
    assert.equal(await page.locator("#receipt-interest").inputValue(), "");
    // Escape at once, before the focus has necessarily reached the form: it
    // closes the form all the same (a keydown on the page).
    await page.keyboard.press("Escape");
    await page.locator("#receipt-form").waitFor({ state: "detached", timeout: 5000 });
    assert.equal(await page.locator("#receipt-form").count(), 0, "Escape closes the receipt form");
    await page.waitForFunction((id) => document.activeElement?.getAttribute("data-collect") === id, memberId(101), {
      timeout: 3000,
    });
  });

  test("over-payment, a small deposit and non-numbers are refused as you type, with no IPC call", async () => {
    const { page } = await leaderMode();
    await page.locator(`[data-collect="${memberId(102)}"]`).click();
    await page.locator("#receipt-interest").fill("200000");
    assert.equal(await text(page.locator('[data-field="interest"] .field-error, .receipt-form .field-error').first()), "Vượt số lãi còn được thu 156.000 ₫");
    await page.locator("#receipt-deposit").fill("3000");
    assert.equal(await text(page.locator("#receipt-deposit-msg")), "Gửi tiết kiệm tối thiểu 5.000 ₫ mỗi lần");
    await page.locator("#receipt-deposit").press("Enter");
    await page.locator("#receipt-interest").fill("12,5");
    assert.equal(await text(page.locator("#receipt-interest-msg")), "Số tiền phải là số nguyên đồng");
    await page.locator("#receipt-interest").fill("-5");
    assert.equal(await text(page.locator("#receipt-interest-msg")), "Số tiền không được âm");
    await page.locator("#receipt-interest").fill("");
    await page.locator("#receipt-deposit").fill("");
    assert.equal(await text(page.locator("#receipt-form-error")), "Nhập tiền lãi hoặc tiền gửi tiết kiệm (lớn hơn 0)");
    await page.locator("#receipt-save").click();
    assert.equal((await calls(page, "leader_record_receipt")).length, 0);
    assert.equal(await page.locator("#receipt").count(), 0);

    await page.locator("#receipt-interest").fill("156000");
    assert.equal(await page.locator("#receipt-interest-msg.hint").count(), 1);
    await page.locator("#receipt-interest").press("Enter");
    await page.locator("#receipt").waitFor();
    assert.equal(await text(page.locator('[data-testid="receipt-words"]')), "Bằng chữ: Một trăm năm mươi sáu nghìn đồng");
  });
});

describe("receipts list", () => {
  test("newest first with state badges; voiding asks for a reason", async () => {
    const { page } = await leaderMode({ leaderReceipts: true });
    await page.locator("#leader-nav-receipts").click();
    const rows = page.locator("#leader-receipts tbody tr[data-receipt]");
    assert.equal(await rows.count(), 4);
    assert.deepEqual(
      await page.locator('#leader-receipts [data-testid="receipt-state"]').allInnerTexts(),
      ["Chưa nộp", "Đã hủy", "Chưa nộp", "Chưa nộp"],
    );
    assert.equal(await text(rows.first().locator("td").first()), "BL0004");
    assert.equal(await page.locator(`[data-void="${receiptId(3)}"]`).count(), 0, "no void on a voided receipt");

    await page.locator(`[data-void="${receiptId(2)}"]`).click();
    await expectFocus(page, "void-reason");
    await page.keyboard.press("Enter");
    assert.equal(await text(page.locator("#void-error")), "Ghi lý do hủy biên lai.");
    assert.equal((await calls(page, "leader_void_receipt")).length, 0);
    await page.locator("#void-reason").fill("Viết sai số tiền");
    await page.keyboard.press("Enter");
    await page.locator(`tr[data-receipt="${receiptId(2)}"][data-state="voided"]`).waitFor();
    assert.deepEqual((await calls(page, "leader_void_receipt")).map((c) => c.args), [
      { receiptId: receiptId(2), reason: "Viết sai số tiền" },
    ]);
    await page.getByText("Đã hủy biên lai BL0002.").waitFor();
    await page.getByText("Tiền cần nộp tại phiên: 330.000 ₫").waitFor();

    await page.locator(`[data-reprint="${receiptId(1)}"]`).click();
    assert.equal(await text(page.locator('[data-testid="receipt-words"]')), "Bằng chữ: Ba trăm mười nghìn đồng");
    await page.locator("#receipt-back").click();
    await page.locator("#leader-receipts").waitFor();
  });
});

describe("officer's 13/TD with the leader's receipts", () => {
  test("the banner fills the cells from the receipts, marks differences, and the save sends their ids", async () => {
    const { page } = await open(`#/groups/${GROUP1}/collection/${fixture.today}`, { leaderReceipts: true, session: {} });
    const banner = page.locator('[data-testid="leader-banner"]');
    await banner.waitFor();
    assert.match(await text(banner), /Tổ trưởng đã viết 3 biên lai, tổng 530\.000 ₫\./);
    assert.deepEqual((await calls(page, "leader_records")).map((c) => c.args), [{ groupId: GROUP1 }]);
    await page.locator("#leader-apply").click();

    assert.equal(await cell(page, 0, "interest").inputValue(), "260.000");
    assert.equal(await cell(page, 0, "savingsDeposit").inputValue(), "70.000");
    assert.equal(await cell(page, 0, "receiptNo").inputValue(), "BL0001, BL0004");
    assert.equal(await cell(page, 2, "interest").inputValue(), "200.000");
    assert.equal(await cell(page, 1, "interest").inputValue(), "", "a voided receipt is not taken");
    assert.equal(await page.locator('[data-testid="leader-diff"]').count(), 0);

    // The member pays the rest of the month's interest at the session.
    await cell(page, 2, "interest").click();
    await page.keyboard.type("412500");
    await page.keyboard.press("Enter");
    const diff = page.locator('#collection-grid tr[data-row="2"] [data-testid="leader-diff"]');
    await diff.waitFor();
    assert.match(await text(diff), /lãi \+212\.500, gửi TK 0/);
    assert.match(await text(page.locator('[data-testid="leader-rows-differ"]')), /1 dòng khác biên lai/);

    // A crash keeps the leader's receipts with the draft.
    await page.reload();
    await page.locator('[data-testid="leader-applied"]').waitFor();
    assert.equal(await cell(page, 2, "interest").inputValue(), "412.500");

    await page.locator("#handed-over").fill("742500");
    assert.equal(await text(page.locator('[data-testid="leader-cash-diff"]')), "thừa 212.500 ₫");
    await page.locator("#save-list").click();
    await page.getByText(/Đã lưu .* bút toán/).waitFor();
    const rec = await calls(page, "record_collection");
    assert.equal(rec.length, 1);
    assert.deepEqual(rec[0].args.leaderReceipts, [receiptId(1), receiptId(2), receiptId(4)]);
    // Settled at this session: nothing pending any more.
    await page.locator('[data-testid="leader-banner"], [data-testid="leader-applied"]').waitFor({ state: "detached" });
  });

  test("a list that posts less than the receipts is refused on the row", async () => {
    const { page } = await open(`#/groups/${GROUP1}/collection/${fixture.today}`, { leaderReceipts: true, session: {} });
    await page.locator("#leader-apply").click();
    await cell(page, 0, "savingsDeposit").click();
    await page.keyboard.type("50000");
    await page.keyboard.press("Enter");
    await page.locator('#collection-grid tr[data-row="0"] [data-testid="leader-diff"]').waitFor();
    await page.locator("#save-list").click();
    await page.locator('.banner[data-code="collection_invalid"]').waitFor();
    assert.match(
      await text(page.locator('#collection-grid tr[data-row="0"] td[data-field="savingsDeposit"] .cell-error')),
      /ít hơn biên lai 70\.000 ₫/,
    );
  });
});
