// The borrower screen's forms: a status event, a tracing request and its
// answer, a risk-handling decision; each refreshes the timeline.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launch, openApp, calls, expectFocus } from "./harness.mjs";
import { fixture, memberId } from "./fixture.mjs";

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

const AN = memberId(101);
const BINH = memberId(102);
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const err = (page, field) => text(page.locator(`[data-field="${field}"] .field-error`));

async function openMember(id, opts = {}) {
  const app = await openApp(browser, server.url, opts);
  opened.push(app);
  await app.page.goto(`${server.url}#/member/${id}?date=${fixture.today}`);
  await app.page.locator("#borrower-forms").waitFor();
  return app;
}

describe("status form", () => {
  test("refuses in Vietnamese: a future date, a move without destination, no source", async () => {
    const { page } = await openMember(BINH);
    await page.locator("#status-form-panel summary").click();
    await page.locator("#status-date").fill("16/12/2026");
    await page.locator("#status-form-submit").click();
    assert.equal(await err(page, "status-date"), "Không được sau hôm nay (15/12/2026)");
    assert.equal(await err(page, "status-destination"), "Ghi nơi chuyển đến (hoặc «chưa rõ»)");
    assert.equal(await err(page, "status-source"), "Ghi nguồn thông tin");
    await expectFocus(page, "status-date");
    await page.locator("#status-kind").selectOption("deceased");
    assert.equal(await page.locator("#status-destination").count(), 0, "a death has no destination");
    assert.equal((await calls(page, "add_status_event")).length, 0);
  });

  test("records a move, refreshes the timeline, and then offers the tracing request", async () => {
    const { page } = await openMember(BINH);
    assert.equal(await page.locator("#member-status").count(), 0);
    assert.equal(await page.locator("#trace-form").count(), 0, "no tracing before a move");
    await page.locator("#status-form-panel summary").click();
    await page.locator("#status-date").fill("14/12/2026");
    await page.locator("#status-destination").fill("Bình Dương");
    await page.locator("#status-source").fill("Tổ trưởng Phan Văn Sáu");
    await page.locator("#status-form-submit").click();
    await page.getByText("Đã ghi: Chuyển đi nơi khác (14/12/2026).").waitFor();
    const [call] = await calls(page, "add_status_event");
    assert.deepEqual(call.args, {
      actor: "CB03",
      memberId: BINH,
      kind: "moved_away",
      learnedOn: "2026-12-14",
      destination: "Bình Dương",
      source: "Tổ trưởng Phan Văn Sáu",
      note: null,
    });
    assert.equal((await calls(page, "statement")).length, 2, "the statement is read again");
    assert.equal(
      await text(page.locator("#member-status tbody tr")),
      "14/12/2026 Đi khỏi địa phương Bình Dương Tổ trưởng Phan Văn Sáu",
    );
    assert.deepEqual(await page.locator('[data-testid="member-badges"] .badge').allInnerTexts(), ["Đi khỏi địa phương"]);

    await page.locator("#trace-form-panel summary").click();
    await page.locator("#trace-agency").selectOption("tax");
    await page.locator("#trace-date").fill("15/12/2026");
    await page.locator("#trace-form-submit").click();
    await page.getByText("Đã ghi yêu cầu tra cứu gửi Cơ quan thuế.").waitFor();
    const [trace] = await calls(page, "add_trace");
    const eventId = await page.evaluate((id) => window.__ipc.statements[id].status[0].eventId, BINH);
    assert.deepEqual(trace.args, { actor: "CB03", eventId, agency: "tax", askedOn: "2026-12-15" }, "the request follows up the move");
    assert.equal(await text(page.locator("#member-traces tbody tr")), "15/12/2026 Cơ quan thuế Chưa trả lời");
  });
});

describe("tracing answers", () => {
  test("an unanswered request takes its answer, not before the request, and the log refreshes", async () => {
    const { page } = await openMember(AN);
    const id = "answer-0193c0de-7000-7000-8000-000000000002";
    assert.equal(await page.locator(`#${id}-panel`).count(), 1, "only the unanswered request has a form");
    assert.equal(await page.locator("#answer-0193c0de-7000-7000-8000-000000000001-panel").count(), 0);
    await page.locator(`#${id}-panel summary`).click();
    await page.locator(`#${id}-date`).fill("30/09/2026");
    await page.locator(`#${id}-submit`).click();
    assert.equal(await err(page, `${id}-text`), "Ghi nội dung trả lời");
    assert.equal(await err(page, `${id}-date`), "Không được trước ngày hỏi (01/10/2026)");
    assert.equal((await calls(page, "answer_trace")).length, 0);
    await page.locator(`#${id}-text`).fill("Đang đóng BHXH tại công ty ở Thủ Đức");
    await page.locator(`#${id}-date`).fill("10/12/2026");
    await page.locator(`#${id}-submit`).click();
    await page.getByText("Đã ghi trả lời của Bảo hiểm xã hội.").waitFor();
    assert.deepEqual((await calls(page, "answer_trace")).map((c) => c.args), [
      {
        actor: "CB03",
        traceId: "0193c0de-7000-7000-8000-000000000002",
        answer: "Đang đóng BHXH tại công ty ở Thủ Đức",
        answeredOn: "2026-12-10",
      },
    ]);
    assert.equal(
      await text(page.locator("#member-traces tbody tr").nth(1)),
      "01/10/2026 Bảo hiểm xã hội Đang đóng BHXH tại công ty ở Thủ Đức 10/12/2026",
    );
    assert.equal(await page.locator(`#${id}-panel`).count(), 0, "an answered request has no form any more");
  });

  test("an unknown request's refusal is shown by its message", async () => {
    const { page } = await openMember(AN);
    await page.evaluate(() => {
      window.__ipc.nextErrors.answer_trace = { code: "not_found", message: "không tìm thấy dòng tra cứu «x»" };
    });
    const id = "answer-0193c0de-7000-7000-8000-000000000002";
    await page.locator(`#${id}-panel summary`).click();
    await page.locator(`#${id}-text`).fill("Không có dữ liệu");
    await page.locator(`#${id}-submit`).click();
    assert.equal(await text(page.locator(`#${id} .banner-error[data-code="not_found"]`)), "không tìm thấy dòng tra cứu «x»");
  });
});

describe("risk-handling decision", () => {
  test("refuses in Vietnamese: no number, no cause, a write-off of nothing, more than the outstanding", async () => {
    const { page } = await openMember(AN);
    await page.locator("#risk-form-panel summary").click();
    await page.locator("#risk-measure").selectOption("write_off");
    await page.locator("#risk-principal").fill("0");
    await page.locator("#risk-form-submit").click();
    assert.equal(await err(page, "risk-no"), "Ghi số quyết định");
    assert.equal(await err(page, "risk-reason"), "Ghi nguyên nhân rủi ro");
    assert.equal(await err(page, "risk-principal"), "Phải xóa ít nhất một khoản lớn hơn 0");
    await page.locator("#risk-principal").fill("20000001");
    assert.equal(await err(page, "risk-principal"), "Nhiều hơn dư nợ 20.000.000 ₫");
    await page.locator("#risk-measure").selectOption("extension");
    await page.locator("#risk-new-due").fill("15/12/2026");
    assert.equal(await err(page, "risk-new-due"), "Hạn trả mới phải sau ngày quyết định");
    await page.locator("#risk-date").fill("16/12/2026");
    assert.equal(await err(page, "risk-date"), "Không được sau hôm nay (15/12/2026)");
    assert.equal((await calls(page, "add_risk_decision")).length, 0);
  });

  test("records a freeze with its window, refreshes the loan's decisions, and words them in English too", async () => {
    const { page } = await openMember(AN);
    await page.locator("#risk-form-panel summary").click();
    await page.locator("#risk-loan").selectOption("0193c0de-10a0-7000-8000-000000000101");
    await page.locator("#risk-measure").selectOption("freeze");
    await page.locator("#risk-no").fill("42/QĐ-NHCS");
    await page.locator("#risk-date").fill("10/12/2026");
    await page.locator("#risk-until").fill("09/12/2027");
    await page.locator("#risk-reason").fill("Lũ cuốn trôi chuồng trại");
    await page.locator("#risk-form-submit").click();
    await page.getByText("Đã ghi quyết định số 42/QĐ-NHCS.").waitFor();
    assert.deepEqual((await calls(page, "add_risk_decision")).map((c) => c.args), [
      {
        actor: "CB03",
        decision: {
          loanId: "0193c0de-10a0-7000-8000-000000000101",
          decisionNo: "42/QĐ-NHCS",
          decidedOn: "2026-12-10",
          measure: "freeze",
          newDueOn: null,
          installmentSeq: null,
          frozenFrom: null,
          frozenUntil: "2027-12-09",
          principal: null,
          interest: null,
          reason: "Lũ cuốn trôi chuồng trại",
        },
      },
    ]);
    const l1 = page.locator('[data-loan="7400000101000001"] .decisions tbody tr');
    assert.equal(await text(l1), "42/QĐ-NHCS 10/12/2026 Khoanh nợ Từ 10/12/2026 đến 09/12/2027 Lũ cuốn trôi chuồng trại");
    await page.getByRole("button", { name: "EN" }).click();
    assert.equal(await text(l1), "42/QĐ-NHCS 10/12/2026 Freeze From 10/12/2026 to 09/12/2027 Lũ cuốn trôi chuồng trại");
    assert.equal(
      await text(page.locator('[data-loan="7400000101000002"] .decisions tbody tr')),
      "15/QĐ-NHCS 20/06/2026 Freeze From 01/06/2026 to 31/05/2028 Thiệt hại do bão số 3",
    );
  });

  test("a write-off sends whole đồng", async () => {
    const { page } = await openMember(AN);
    await page.locator("#risk-form-panel summary").click();
    await page.locator("#risk-measure").selectOption("write_off");
    await page.locator("#risk-no").fill("09/QĐ-NHCS");
    await page.locator("#risk-principal").fill("1.250.000");
    await page.locator("#risk-reason").fill("Người vay chết");
    await page.locator("#risk-form-submit").click();
    await page.getByText("Đã ghi quyết định số 09/QĐ-NHCS.").waitFor();
    const [call] = await calls(page, "add_risk_decision");
    assert.equal(call.args.decision.principal, 1250000);
    assert.equal(call.args.decision.interest, 0);
    assert.equal(call.args.decision.measure, "write_off");
  });
});
