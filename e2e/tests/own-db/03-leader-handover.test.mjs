// Group leader mode in the real window, on a data file of its own (run.sh gives
// each spec of tests/own-db/ a fresh copy of the demo): the leader of T01 signs
// in (a wrong PIN first), writes two receipts (01/BL) — interest + a savings
// deposit for one member, a savings deposit only for another —, sees the print
// view with the amount in words, signs out; the officer opens the session of
// 15/12/2026, opens T01's 13/TD list, takes the leader's list, checks the
// cells, saves; the leader, signed in again, sees both receipts handed over.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Key } from "webdriverio";
import { dong, nav, parseDong, pickRecorder, typeKeys, startApp, stopApp, textOf, waitText } from "../../lib.mjs";

const DAY = "15/12/2026";
const DEPOSIT_A = 50000;
const DEPOSIT_B = 100000;

let browser;
after(() => stopApp(browser));

const amount = (n) => dong(n).replace(" ₫", "");

async function signIn(code, pin) {
  await (await browser.$("#leader-sign-in-link")).click();
  await (await browser.$("#leader-sign-in")).waitForDisplayed();
  const codeEl = await browser.$("#leader-code");
  await codeEl.clearValue();
  await codeEl.setValue(code);
  const pinEl = await browser.$("#leader-pin");
  await pinEl.clearValue();
  await pinEl.setValue(pin);
  await (await browser.$("#leader-sign-in-submit")).click();
}

/** Writes a receipt for the member of `memberId`: interest as prefilled (or none), then the deposit; Enter saves. */
async function writeReceipt(memberId, { keepInterest, deposit }) {
  await (await browser.$(`button[data-collect="${memberId}"]`)).click();
  const interest = await browser.$("#receipt-interest");
  await interest.waitForDisplayed();
  // The form focuses the interest cell with its prefill selected.
  await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.id)) === "receipt-interest", {
    timeoutMsg: "the interest cell should have the focus",
  });
  const prefilled = parseDong(await interest.getValue());
  if (!keepInterest) {
    await browser.keys(Key.Delete);
    await browser.waitUntil(async () => (await interest.getValue()) === "", { timeoutMsg: "interest should be empty" });
  }
  await browser.keys(Key.Tab);
  await typeKeys(browser, String(deposit));
  await browser.keys(Key.Enter);
  await (await browser.$("#receipt")).waitForDisplayed();
  return keepInterest ? prefilled : 0;
}

test("the group leader's receipts become the group's handover at the session", { timeout: 300_000 }, async () => {
  ({ browser } = await startApp());

  // 1. Sign in: a wrong PIN first.
  await signIn("TT01", "9999");
  await waitText(browser, "#leader-sign-in-error", "Mã PIN không đúng. Nhập lại mã PIN.");
  assert.equal(await (await browser.$("#leader-sign-in-error")).getAttribute("data-code"), "wrong_pin");
  const pinEl = await browser.$("#leader-pin");
  await pinEl.setValue("1111");
  await (await browser.$("#leader-sign-in-submit")).click();
  await waitText(browser, "#leader-mode", "Chế độ tổ trưởng");
  assert.match(await textOf(browser, "#leader-group"), /^T01 /);
  assert.equal(await (await browser.$("#sidenav")).isExisting(), false, "only the leader's screens");
  await waitText(browser, '[data-testid="leader-session"]', DAY);

  const rows = await browser.$$("#leader-members tr[data-member]");
  assert.ok(rows.length >= 2, "T01 has members");
  // A: the first member owing interest; B: another member.
  let idA = null;
  let nameA = "";
  let idB = null;
  let nameB = "";
  for (const row of rows) {
    const id = await row.getAttribute("data-member");
    const tds = await row.$$("td");
    const due = parseDong(await tds[2].getText());
    const name = await tds[1].getText();
    if (!idA && due > 0) [idA, nameA] = [id, name];
    else if (!idB) [idB, nameB] = [id, name];
    if (idA && idB) break;
  }
  assert.ok(idA && idB, "a member owing interest and another member");

  // 2. Receipt 1: interest (prefilled) + a savings deposit.
  const interestA = await writeReceipt(idA, { keepInterest: true, deposit: DEPOSIT_A });
  assert.ok(interestA > 0);
  await waitText(browser, '[data-testid="receipt-member"]', nameA);
  assert.equal(await textOf(browser, '[data-testid="receipt-interest"]'), dong(interestA));
  assert.equal(await textOf(browser, '[data-testid="receipt-savings"]'), dong(DEPOSIT_A));
  assert.equal(await textOf(browser, '[data-testid="receipt-sum"]'), dong(interestA + DEPOSIT_A));
  assert.equal(await textOf(browser, '[data-testid="receipt-date"]'), DAY);
  assert.match(await textOf(browser, ".receipt-form-no"), /01\/BL/);
  const words = await textOf(browser, '[data-testid="receipt-words"]');
  assert.match(words, /^Bằng chữ: \S.*đồng/i);
  const noA = await textOf(browser, '[data-testid="receipt-no"]');
  await (await browser.$("#receipt-back")).click();

  // 3. Receipt 2: a savings deposit only.
  await (await browser.$("#leader-members")).waitForDisplayed();
  await writeReceipt(idB, { keepInterest: false, deposit: DEPOSIT_B });
  await waitText(browser, '[data-testid="receipt-member"]', nameB);
  assert.equal(await textOf(browser, '[data-testid="receipt-interest"]'), dong(0));
  assert.equal(await textOf(browser, '[data-testid="receipt-sum"]'), dong(DEPOSIT_B));
  assert.match(await textOf(browser, '[data-testid="receipt-words"]'), /^Bằng chữ: Một trăm nghìn đồng/i);
  const noB = await textOf(browser, '[data-testid="receipt-no"]');
  assert.notEqual(noA, noB);
  const total = interestA + DEPOSIT_A + DEPOSIT_B;

  // 4. The receipts list: both not handed over yet.
  await (await browser.$("#leader-nav-receipts")).click();
  await browser.waitUntil(async () => (await browser.$$('#leader-receipts tr[data-state="pending"]').length) === 2, {
    timeoutMsg: "two pending receipts",
  });
  await waitText(browser, ".leader-receipts [data-testid=\"leader-pending\"]", dong(total));
  for (const b of await browser.$$('#leader-receipts [data-testid="receipt-state"]')) assert.equal(await b.getText(), "Chưa nộp");

  // 5. Sign out: back to the officer's home.
  await (await browser.$("#leader-sign-out")).click();
  await (await browser.$("#sidenav")).waitForExist();
  await waitText(browser, '[data-testid="today"]', DAY);

  // 6. The officer opens the session of the 15th and T01's list.
  await pickRecorder(browser, "CB03");
  await nav(browser, "#/session");
  await (await browser.$("#open-session")).waitForDisplayed();
  await (await browser.$("#team-leader")).selectByAttribute("value", "CB01");
  await (await browser.$("#controller")).selectByAttribute("value", "CB02");
  await (await browser.$("#teller")).selectByAttribute("value", "CB03");
  await (await browser.$("#cash-from-office")).setValue("1000000");
  const open = await browser.$("#open-session button[type=submit]");
  await open.waitForEnabled();
  await open.click();
  await waitText(browser, '[data-testid="session-status"]', "Đang mở");
  const t01 = await browser.$('#session-groups tr[data-group="T01"] a');
  await t01.waitForClickable();
  await t01.click();
  await waitText(browser, '[data-testid="list-date"]', DAY);
  assert.match(await textOf(browser, ".list-group"), /^Tổ T01 /);

  // 7. The leader's list: the banner, then the cells.
  await waitText(browser, '[data-testid="leader-banner"]', `Tổ trưởng đã viết 2 biên lai, tổng ${dong(total)}.`);
  await (await browser.$("#leader-apply")).click();
  await waitText(browser, '[data-testid="leader-applied"]', "Danh sách lấy từ 2 biên lai của tổ trưởng");
  const rowOf = async (memberId) => {
    for (const a of await browser.$$("tr[data-row] a.member-link")) {
      const href = await a.getAttribute("href");
      if (href.endsWith(`/${memberId}`) || href.includes(`/${memberId}?`)) {
        const tr = await a.$("./ancestor::tr[@data-row]");
        return tr.getAttribute("data-row");
      }
    }
    throw new Error(`member ${memberId} not in the list`);
  };
  const rA = await rowOf(idA);
  const rB = await rowOf(idB);
  const cellValue = async (r, c) => (await browser.$(`input[data-r="${r}"][data-c="${c}"]`)).getValue();
  assert.equal(await cellValue(rA, 0), amount(interestA));
  assert.equal(await cellValue(rA, 2), amount(DEPOSIT_A));
  assert.equal(await cellValue(rB, 0), "");
  assert.equal(await cellValue(rB, 2), amount(DEPOSIT_B));
  await waitText(browser, '[data-testid="cash-total"]', dong(total));

  // 8. The leader hands over the receipts' total; save.
  await (await browser.$("#handed-over")).click();
  await typeKeys(browser, String(total));
  await browser.keys(Key.Tab);
  await waitText(browser, '[data-testid="leader-cash-diff"]', "khớp");
  const save = await browser.$("#save-list");
  await save.waitForEnabled();
  await save.click();
  await waitText(browser, ".collection .banner-ok", `tiền mặt ${dong(total)}.`);

  // 9. The leader again: both receipts handed over at the session of the 15th.
  // (The 13/TD screen hides the side navigation to give the grid the width.)
  await browser.execute(() => (location.hash = "#/"));
  await signIn("TT01", "1111");
  await waitText(browser, "#leader-mode", "Chế độ tổ trưởng");
  await (await browser.$("#leader-nav-receipts")).click();
  await browser.waitUntil(async () => (await browser.$$('#leader-receipts tr[data-state="settled"]').length) === 2, {
    timeoutMsg: "two receipts handed over",
  });
  const badges = await browser.$$('#leader-receipts [data-testid="receipt-state"]');
  assert.equal(badges.length, 2);
  for (const b of badges) assert.equal(await b.getText(), `Đã nộp phiên ${DAY}`);
  await waitText(browser, '.leader-receipts [data-testid="leader-pending"]', dong(0));
  await (await browser.$("#leader-sign-out")).click();
  await (await browser.$("#sidenav")).waitForExist();
});
