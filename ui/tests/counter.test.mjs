// The counter panel of an open session: find a member, repay principal,
// deposit and withdraw savings, pay out a new loan; validation as you type in
// Vietnamese, refusals by code, and the session's figures after each entry.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launch, openApp, calls, cellTd, cell, expectFocus } from "./harness.mjs";
import { GROUP1, memberId } from "./fixture.mjs";

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

async function open(path = "", opts = {}) {
  const app = await openApp(browser, server.url, opts);
  opened.push(app);
  await app.page.goto(server.url + path);
  return app;
}

const OPEN = { session: { openingCash: 50000000 } };
const L1_ID = "0193c0de-10a0-7000-8000-000000000101";

/** Opens the session screen and picks Nguyễn Văn An at the counter from the keyboard. */
async function pickAn(opts = OPEN) {
  const app = await open("#/session", opts);
  const { page } = app;
  await page.locator("#counter").waitFor();
  await page.locator("#counter-search").fill("nguyen van an");
  await page.locator("#counter-results button").first().waitFor();
  await page.locator("#counter-search").press("Enter");
  await page.locator('[data-testid="counter-member"]').waitFor();
  return app;
}

const amountError = (page) => page.locator('[data-testid="counter-amount-error"]');

describe("counter", () => {
  test("shows only while the session is open", async () => {
    const { page } = await open("#/session", { session: { openingCash: 0, closed: true } });
    await page.locator('[data-testid="session-status"]').getByText("Đã đóng").waitFor();
    assert.equal(await page.locator("#counter").count(), 0);
    const none = await open("#/session");
    await none.page.locator("#open-session").waitFor();
    assert.equal(await none.page.locator("#counter").count(), 0);
  });

  test("principal repaid directly: checked as you type, then the session's totals and cash follow", async () => {
    const { page } = await pickAn();
    assert.match(await page.locator('[data-testid="counter-member"]').innerText(), /Nguyễn Văn An · KH000101 · Tổ T01/);
    assert.equal(await page.locator('[data-testid="counter-savings"]').innerText(), "1.200.000 ₫");
    assert.match(await page.locator("#counter").innerText(), /Lưu ý: Đi khỏi địa phương \(biết ngày 02\/09\/2026\)/);
    // Thu nợ gốc is chosen, on the overdue loan, and the cursor waits in the amount.
    assert.equal(await page.locator("#counter-action-principal_repayment").isChecked(), true);
    assert.equal(await page.locator("#counter-loan").inputValue(), L1_ID);
    await expectFocus(page, "counter-amount");
    assert.match(await page.locator("#counter-form").innerText(), /Dư nợ 30\.000\.000 ₫; gốc đến hạn 5\.000\.000 ₫/);

    const amount = page.locator("#counter-amount");
    await amount.fill("abc");
    assert.equal(await amountError(page).innerText(), "Số tiền phải là số nguyên đồng, ví dụ 1.250.000");
    await amount.fill("12,5");
    assert.equal(await amountError(page).innerText(), "Số tiền phải là số nguyên đồng, ví dụ 1.250.000");
    await amount.fill("-5000");
    assert.equal(await amountError(page).innerText(), "Số tiền không được âm");
    await amount.fill("0");
    assert.equal(await amountError(page).innerText(), "Số tiền phải lớn hơn 0");
    await amount.fill("40.000.000");
    assert.equal(await amountError(page).innerText(), "Vượt dư nợ 30.000.000 ₫ của khế ước 7400000101000001");
    await amount.press("Enter");
    assert.equal((await calls(page, "record_counter_entry")).length, 0, "a refused amount is not sent");

    await amount.fill("5.000.000");
    assert.equal(await amountError(page).count(), 0);
    assert.equal(await page.locator('[data-testid="counter-cash-after"]').innerText(), "Tiền mặt theo sổ sau giao dịch: 55.000.000 ₫.");
    await page.locator("#counter-receipt").fill("BL-Q01");
    await page.locator("#counter-receipt").press("Enter");
    await page.locator("#counter .banner-ok").waitFor();
    assert.equal(
      await page.locator("#counter .banner-ok").innerText(),
      "Đã ghi Thu nợ gốc 5.000.000 ₫ cho Nguyễn Văn An · khế ước 7400000101000001",
    );
    const [c] = await calls(page, "record_counter_entry");
    assert.deepEqual(c.args, {
      actor: "CB03",
      date: "2026-12-15",
      memberId: memberId(101),
      kind: "principal_repayment",
      loanId: L1_ID,
      amount: 5000000,
      receiptNo: "BL-Q01",
    });
    assert.equal(await page.locator('[data-testid="expected-cash"]').innerText(), "55.000.000 ₫");
    assert.match(await page.locator("#session-totals").innerText(), /Thu nợ gốc\s+1\s+5\.000\.000 ₫/);
    // The form is ready for the next one, with the loan's new figures.
    assert.equal(await amount.inputValue(), "");
    assert.equal(await page.locator("#counter-loan").inputValue(), L1_ID);
    assert.match(await page.locator(`#counter-loan option[value="${L1_ID}"]`).innerText(), /dư nợ 25\.000\.000 ₫$/);
  });

  test("savings: the policy's minimum deposit, never below zero, done by whom", async () => {
    const { page } = await pickAn({ ...OPEN, minSavingsDeposit: 10000 });
    await page.locator("#counter-action-savings_deposit").check();
    const amount = page.locator("#counter-amount");
    await amount.fill("5.000");
    assert.equal(await amountError(page).innerText(), "Gửi tiết kiệm tối thiểu 10.000 ₫ mỗi lần");
    await page.locator("#counter-action-savings_withdrawal").check();
    await amount.fill("2.000.000");
    assert.equal(await amountError(page).innerText(), "Số dư tiết kiệm không đủ (có 1.200.000 ₫)");
    await amount.press("Enter");
    assert.equal((await calls(page, "record_counter_entry")).length, 0);

    await amount.fill("200.000");
    assert.equal(await page.locator("#counter-actor").inputValue(), "CB03", "the recorder of the header by default");
    await page.locator("#counter-actor").selectOption("CB01");
    await page.locator("#counter-submit").click();
    await page.locator("#counter .banner-ok").waitFor();
    const [c] = await calls(page, "record_counter_entry");
    assert.equal(c.args.actor, "CB01");
    assert.equal(c.args.kind, "savings_withdrawal");
    assert.equal(c.args.loanId, null);
    assert.equal(await page.locator('[data-testid="counter-savings"]').innerText(), "1.000.000 ₫");
    assert.equal(await page.locator('[data-testid="expected-cash"]').innerText(), "49.800.000 ₫");
    assert.match(await page.locator("#session-totals").innerText(), /Rút tiết kiệm\s+1\s+200\.000 ₫/);
  });

  test("a refusal from the shell is explained by its code and changes nothing", async () => {
    const { page } = await pickAn();
    await page.locator("#counter-action-savings_deposit").check();
    await page.evaluate(() => {
      window.__ipc.nextErrors.record_counter_entry = {
        code: "no_session",
        message: "Chưa mở phiên giao dịch ngày 15/12/2026: mở phiên trước khi giao dịch tại quầy",
      };
    });
    await page.locator("#counter-amount").fill("50.000");
    await page.locator("#counter-amount").press("Enter");
    const banner = page.locator('#counter-form .banner-error[data-code="no_session"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /^Chưa mở phiên giao dịch hôm nay\./);
    assert.equal(await page.locator('[data-testid="expected-cash"]').innerText(), "50.000.000 ₫");
    assert.equal(await page.locator("#session-totals").count(), 0, "no entries in the session yet");

    // The store's own check (here the fake's): a deposit under the minimum, by code.
    await page.locator("#counter-amount").fill("60.000");
    await page.evaluate(() => {
      window.__ipc.nextErrors.record_counter_entry = { code: "deposit_below_minimum", message: "Gửi tiết kiệm = «60.000 ₫»: tối thiểu 100.000 ₫ mỗi lần gửi" };
    });
    await page.locator("#counter-submit").click();
    await page.locator('#counter-form .banner-error[data-code="deposit_below_minimum"]').waitFor();
    await page.getByRole("button", { name: "EN" }).click();
    assert.match(await page.locator("#counter-form .banner-error").innerText(), /^Below the minimum deposit\./);
  });

  test("a new loan paid out: required fields, account number, term; the till pays it", async () => {
    const { page } = await pickAn();
    await page.locator("#counter-action-new_loan").check();
    await page.locator("#counter-submit").click();
    const form = page.locator("#counter-form");
    assert.match(await form.innerText(), /Nhập số khế ước/);
    assert.match(await form.innerText(), /Nhập thời hạn vay/);
    assert.match(await form.innerText(), /Nhập số tiền/);
    assert.equal((await calls(page, "disburse_loan")).length, 0);

    await page.locator("#counter-account").fill("74AB");
    assert.match(await form.innerText(), /Số khế ước chỉ gồm chữ số/);
    await page.locator("#counter-account").fill("7400000101000001");
    assert.match(await form.innerText(), /Tổ viên đã có khế ước mang số này/);
    await page.locator("#counter-account").fill("7400000101000003");
    assert.equal(await page.locator("#counter-program").inputValue(), "01");
    await page.locator("#counter-program").selectOption("06");
    await page.locator("#counter-term").fill("0");
    assert.match(await form.innerText(), /Thời hạn là số tháng, từ 1 đến 240/);
    await page.locator("#counter-term").fill("36");
    assert.match(await form.innerText(), /12 tháng một kỳ/);
    await page.locator("#counter-purpose").fill("Mở xưởng may");
    await page.locator("#counter-amount").fill("60.000.000");
    assert.equal(
      await page.locator('[data-testid="counter-cash-after"]').innerText(),
      "Tiền mặt theo sổ sau giao dịch: -10.000.000 ₫. Không đủ tiền mặt tại quầy để chi.",
    );
    await page.locator("#counter-amount").fill("30.000.000");
    await page.locator("#counter-amount").press("Enter");
    await page.locator("#counter .banner-ok").waitFor();
    assert.equal(
      await page.locator("#counter .banner-ok").innerText(),
      "Đã ghi Giải ngân 30.000.000 ₫ cho Nguyễn Văn An · khế ước 7400000101000003",
    );
    const [c] = await calls(page, "disburse_loan");
    assert.deepEqual(c.args, {
      actor: "CB03",
      date: "2026-12-15",
      memberId: memberId(101),
      accountNo: "7400000101000003",
      programCode: "06",
      amount: 30000000,
      termMonths: 36,
      purpose: "Mở xưởng may",
      receiptNo: null,
    });
    assert.equal(await page.locator('[data-testid="expected-cash"]').innerText(), "20.000.000 ₫");
    assert.match(await page.locator("#session-totals").innerText(), /Giải ngân\s+1\s+30\.000\.000 ₫/);

    // Another member: back to the search.
    await page.locator("#counter-other").click();
    await page.locator("#counter-search").waitFor();
  });

  test("the 13/TD list checks deposits against the point's own minimum", async () => {
    const { page } = await open(`#/groups/${GROUP1}/collection/2026-12-15`, { minSavingsDeposit: 20000 });
    await cell(page, 1, "savingsDeposit").fill("10.000");
    await cell(page, 1, "savingsDeposit").press("Tab");
    assert.match(await cellTd(page, 1, "savingsDeposit").innerText(), /tối thiểu 20\.000 ₫/);
  });
});
