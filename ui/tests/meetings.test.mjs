// A group's page, recording a meeting (họp tổ) and its printable minutes.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launch, openApp, calls, expectFocus } from "./harness.mjs";
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

async function open(path, opts = {}) {
  const app = await openApp(browser, server.url, opts);
  opened.push(app);
  await app.page.goto(server.url + path);
  return app;
}

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();

async function openGroup(opts) {
  const app = await open(`#/groups/${GROUP1}`, opts);
  await app.page.locator("#group-meetings").waitFor();
  return app;
}

describe("group page", () => {
  test("the groups list links to a group's page with members, leader, association, quality and meetings", async () => {
    const { page } = await open("#/groups");
    await page.locator("#groups").getByRole("link", { name: "Tổ TK&VV thôn Phú Lợi" }).click();
    await page.locator("#group-meetings").waitFor();
    assert.equal(await page.evaluate(() => location.hash), `#/groups/${GROUP1}`);
    assert.equal(await text(page.locator("#group-name")), "T01 · Tổ TK&VV thôn Phú Lợi");
    assert.equal(
      await text(page.locator("#group-facts")),
      "Thôn Phú Lợi Hội quản lý Hội Nông dân Tổ trưởng Phan Văn Sáu Số tổ viên 7",
    );
    const q = (k) => text(page.locator(`#group-quality [data-q="${k}"]`));
    assert.equal(await q("outstanding"), "300.000.000 ₫");
    assert.equal(await q("overdue"), "5.000.000 ₫");
    assert.equal(await q("ratio"), "1,67 %");
    assert.equal(await q("moved-away"), "1 · 50.000.000 ₫");
    assert.equal(await page.locator("#group-members tbody tr").count(), 7);
    assert.equal(
      await text(page.locator("#group-meetings tbody tr")),
      "10/11/2026 Bình xét cho vay Bình xét cho vay quý IV 3/4 3 quyết định Xem biên bản",
    );
    const args = (await calls(page, "group_page")).map((c) => c.args);
    assert.deepEqual(args, [{ groupId: GROUP1, date: "2026-12-15" }]);
    await page.getByRole("button", { name: "EN" }).click();
    assert.match(await text(page.locator("#group-meetings tbody tr")), /Loan review .* 3 decisions View minutes/);
  });
});

describe("recording a meeting", () => {
  test("refuses in Vietnamese: a bad or future date, nobody present, empty minutes, an incomplete decision", async () => {
    const { page } = await openGroup();
    await page.locator("#meeting-new").click();
    await page.locator("#meeting-form").waitFor();
    await page.locator("#meeting-date").fill("16/12/2026");
    for (const id of [101, 102, 103, 104, 105, 106, 107]) {
      await page.locator(`input[name="presence-${memberId(id)}"][value="absent"]`).check();
    }
    await page.locator('[data-add="loan_request"]').click();
    await page.locator("#decision-1-amount").fill("0");
    await page.locator('[data-add="member_left"]').click();
    await page.locator("#meeting-submit").click();

    const err = (field) => text(page.locator(`[data-field="${field}"] .field-error`));
    assert.equal(await err("meeting-date"), "Không được sau hôm nay (15/12/2026)");
    assert.equal(await text(page.locator("#meeting-attendance-error")), "Phải có ít nhất một tổ viên có mặt hoặc ủy quyền");
    assert.equal(await err("meeting-minutes"), "Nội dung biên bản không được để trống");
    assert.equal(await err("decision-1-member"), "Chọn tổ viên");
    assert.equal(await err("decision-1-amount"), "Số tiền phải lớn hơn 0");
    assert.equal(await err("decision-2-member"), "Chọn tổ viên");
    assert.equal(await err("decision-2-reason"), "Ghi lý do");
    assert.equal(await text(page.locator("#meeting-problems")), "Còn 7 chỗ cần sửa (đánh dấu đỏ).");
    await expectFocus(page, "meeting-date");
    await page.locator("#meeting-date").fill("32/12/2026");
    assert.equal(await err("meeting-date"), "Ngày phải theo dạng dd/mm/yyyy");
    assert.equal((await calls(page, "record_meeting")).length, 0, "nothing is sent while the form is wrong");
  });

  test("submits the attendance, decisions and minutes, then lists the new meeting first", async () => {
    const { page } = await openGroup();
    await page.locator("#meeting-new").click();
    await page.locator("#meeting-date").fill("12/12/2026");
    await page.locator("#meeting-kind").selectOption("loan_review");
    await page.locator("#meeting-agenda").fill("Bình xét cho vay tháng 12");
    await page.locator(`input[name="presence-${memberId(103)}"][value="absent"]`).check();
    await page.locator(`input[name="presence-${memberId(105)}"][value="represented"]`).check();
    await page.locator('[data-add="loan_request"]').click();
    await page.locator("#decision-1-member").selectOption(memberId(106));
    await page.locator("#decision-1-program").selectOption("06");
    await page.locator("#decision-1-amount").fill("1250000");
    await page.locator("#decision-1-term").fill("24");
    await page.locator('[data-add="leader_elected"]').click();
    await page.locator("#decision-2-member").selectOption(memberId(104));
    await page.locator('[data-add="text"]').click();
    await page.locator("#decision-3-text").fill("Nhắc nộp lãi đúng ngày 15");
    await page.locator("#meeting-minutes").fill("Tổ họp tại nhà văn hóa thôn.");
    await page.locator("#meeting-submit").click();
    await page.getByText("Đã lưu biên bản họp ngày 12/12/2026.").waitFor();

    const [call] = await calls(page, "record_meeting");
    const presence = { [memberId(103)]: "absent", [memberId(105)]: "represented" };
    assert.deepEqual(call.args, {
      actor: "CB03",
      meeting: {
        groupId: GROUP1,
        heldOn: "2026-12-12",
        kind: "loan_review",
        agenda: "Bình xét cho vay tháng 12",
        minutes: "Tổ họp tại nhà văn hóa thôn.",
        attendance: [101, 102, 103, 104, 105, 106, 107].map((n) => ({
          memberId: memberId(n),
          presence: presence[memberId(n)] ?? "present",
        })),
        decisions: [
          { decision: "loan_request", memberId: memberId(106), program: "06", amount: 1250000, termMonths: 24, approved: true, note: null },
          { decision: "leader_elected", memberId: memberId(104) },
          { decision: "text", text: "Nhắc nộp lãi đúng ngày 15" },
        ],
      },
    });
    assert.equal((await calls(page, "group_page")).length, 2, "the page reloads after saving");
    const rows = page.locator("#group-meetings tbody tr");
    assert.equal(await rows.count(), 2);
    assert.match(await text(rows.nth(0)), /^12\/12\/2026 Bình xét cho vay Bình xét cho vay tháng 12 6\/7 3 quyết định/);
    assert.equal(await page.locator("#meeting-form").count(), 0);
  });

  test("a refusal from the store is shown by its message and the date is focused for future_date", async () => {
    const { page } = await openGroup();
    await page.evaluate(() => {
      window.__ipc.nextErrors.record_meeting = {
        code: "future_date",
        message: "Ngày họp = «15/12/2026»: sau ngày hôm nay (14/12/2026)",
      };
    });
    await page.locator("#meeting-new").click();
    await page.locator("#meeting-minutes").fill("Biên bản");
    await page.locator("#meeting-submit").click();
    const banner = page.locator('#meeting-form .banner-error[data-code="future_date"]');
    assert.equal(await text(banner), "Ngày họp = «15/12/2026»: sau ngày hôm nay (14/12/2026)");
    await expectFocus(page, "meeting-date");
  });
});

describe("printable minutes", () => {
  test("shows the minutes in Vietnamese on A4 with dd/mm/yyyy and amounts in đồng, and prints", async () => {
    const { page } = await openGroup();
    await page.locator("#group-meetings").getByRole("link", { name: "Xem biên bản" }).click();
    await page.locator("#minutes").waitFor();
    assert.match(await text(page.locator(".minutes-head")), /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc BIÊN BẢN HỌP TỔ TIẾT KIỆM VÀ VAY VỐN Bình xét cho vay/);
    assert.equal(await text(page.locator('[data-testid="minutes-date"]')), "10/11/2026");
    assert.equal(await text(page.locator('[data-testid="minutes-count"]')), "Có mặt 2, ủy quyền 1, vắng 1 trên 4 tổ viên");
    const loans = page.locator("#minutes-loans tbody tr");
    assert.equal(await text(loans.nth(0)), "1 Trần Thị Bình Cho vay hộ nghèo 50.000.000 ₫ 60 Đồng ý cho vay");
    assert.equal(await text(loans.nth(1)), "2 Phạm Thị Dung Cho vay hộ cận nghèo 1.250.000 ₫ 12 Đồng ý cho vay Sửa nhà");
    assert.equal(await text(page.locator('[data-testid="minutes-approved-total"]')), "51.250.000 ₫");
    assert.equal(await text(page.locator("#minutes-decisions")), "Bầu tổ trưởng: Nguyễn Văn An");
    // Printing hides everything but the minutes.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".topbar").isVisible(), false);
    assert.equal(await page.locator("#minutes-print").isVisible(), false);
    assert.equal(await page.locator("#minutes").isVisible(), true);
    await page.emulateMedia({ media: "screen" });
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => (window.__printed += 1);
    });
    await page.locator("#minutes-print").click();
    assert.equal(await page.evaluate(() => window.__printed), 1);
  });
});
