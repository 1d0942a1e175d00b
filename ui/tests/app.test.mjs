// Home, session, groups, search, errors and the language toggle.
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launch, openApp, calls } from "./harness.mjs";
import { GROUP1, fixture } from "./fixture.mjs";

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

describe("home", () => {
  test("shows the point, today, the next session, sync state and the watchlist in đồng", async () => {
    const { page, requests } = await open();
    await page.locator(".cards").waitFor();
    assert.equal(await page.locator("h1").innerText(), "Điểm giao dịch xã Tân Phú");
    assert.match(await page.locator(".home").innerText(), /Phòng giao dịch NHCSXH huyện Đồng Phú/);
    assert.equal(await page.locator('[data-testid="today"]').innerText(), "Thứ Ba, 15/12/2026");
    assert.equal(await page.locator('[data-testid="next-session"]').innerText(), "15/12/2026 (hôm nay)");
    assert.equal(await page.locator('[data-testid="sync"]').innerText(), "Chưa cấu hình đồng bộ");
    assert.match(await page.locator('[data-testid="today-session"]').innerText(), /Chưa mở phiên hôm nay/);
    const card = async (id) => (await page.locator(`[data-watch="${id}"]`).innerText()).replace(/\s+/g, " ").trim();
    assert.equal(await card("overdue"), "Nợ quá hạn 41.250.000 ₫ 2 món vay");
    assert.equal(await card("arrears"), "Lãi tồn 1.166.500 ₫ 3 món vay");
    assert.equal(await card("inactive"), "3 tháng không hoạt động 96.000.000 ₫ 4 món vay");
    assert.equal(await card("moved-away"), "Đi khỏi địa phương 1.250.000 ₫ 1 hộ vay");
    // Start-up asks the shell only for home and staff, and nothing leaves the machine.
    assert.deepEqual((await calls(page)).map((c) => c.cmd).sort(), ["home", "staff"]);
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
  });

  test("the recorder picker lists staff and is remembered", async () => {
    const { page } = await open("", { actor: null });
    await page.locator("#actor option[value='CB02']").waitFor({ state: "attached" });
    assert.equal(await page.locator("#actor").inputValue(), "");
    await page.locator("#actor").selectOption("CB02");
    await page.reload();
    await page.locator("#actor option[value='CB02']").waitFor({ state: "attached" });
    assert.equal(await page.locator("#actor").inputValue(), "CB02");
    assert.equal(await page.evaluate(() => localStorage.getItem("phien.actor")), "CB02");
  });

  test("the English toggle switches every string", async () => {
    const { page } = await open();
    await page.locator(".cards").waitFor();
    await page.getByRole("button", { name: "EN" }).click();
    assert.equal(await page.locator('[data-watch="overdue"] h3').innerText(), "Overdue debt");
    assert.equal(await page.locator('[data-testid="sync"]').innerText(), "Sync not configured");
    assert.equal(await page.locator(".sidenav a").first().innerText(), "Home");
    await page.getByRole("button", { name: "VI" }).click();
    assert.equal(await page.locator(".sidenav a").first().innerText(), "Trang chủ");
  });
});

describe("session", () => {
  test("opening a session: team from staff, cash from the office", async () => {
    const { page } = await open("#/session");
    await page.locator("#open-session").waitFor();
    assert.equal(await page.locator("#team-leader").inputValue(), "CB01");
    assert.equal(await page.locator("#controller").inputValue(), "CB02");
    assert.equal(await page.locator("#teller").inputValue(), "CB03");
    assert.equal(await page.locator("#session-date").inputValue(), "15/12/2026");
    await page.locator("#controller").selectOption("CB01");
    assert.match(await page.locator("#open-session").innerText(), /Ba người trong tổ giao dịch phải khác nhau/);
    assert.equal(await page.getByRole("button", { name: "Mở phiên" }).isDisabled(), true);
    await page.locator("#controller").selectOption("CB02");
    await page.locator("#cash-from-office").fill("abc");
    assert.equal(await page.getByRole("button", { name: "Mở phiên" }).isDisabled(), true);
    await page.locator("#cash-from-office").fill("30.000.000");
    await page.getByRole("button", { name: "Mở phiên" }).click();
    await page.locator('[data-testid="session-status"]').getByText("Đang mở").waitFor();
    const [c] = await calls(page, "open_session");
    assert.deepEqual(c.args, {
      actor: "CB03",
      date: "2026-12-15",
      teamLeader: "CB01",
      controller: "CB02",
      teller: "CB03",
      cashFromOffice: 30000000,
    });
    assert.equal(await page.locator('[data-testid="expected-cash"]').innerText(), "30.000.000 ₫");
    assert.match(await page.locator(".session").innerText(), /Nguyễn Văn Hùng \(CB01\) · Trần Thị Mai \(CB02\) · Lê Thị Thu Hà \(CB03\)/);
    const rows = page.locator("#session-groups tbody tr");
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /T01\s+Tổ TK&VV thôn Phú Lợi\s+Phan Văn Sáu\s+7\s+Chưa nộp/);
    assert.equal(
      await rows.nth(0).getByRole("link").getAttribute("href"),
      `#/groups/${GROUP1}/collection/2026-12-15`,
    );
  });

  test("group status from handovers, then closing with a counted difference and a note", async () => {
    const { page } = await open("#/session", {
      session: {
        openingCash: 30000000,
        handovers: [
          { groupCode: "T01", expected: 2596500, handedOver: 2596500 },
          { groupCode: "T02", expected: 962000, handedOver: 952000, note: "Thiếu 10.000 ₫, tổ trưởng nộp bổ sung sau" },
        ],
        totals: [{ kind: "interest_payment", label: "Thu lãi", count: 12, amount: 3548500 }],
      },
    });
    await page.locator("#close-session").waitFor();
    const rows = page.locator("#session-groups tbody tr");
    assert.match(await rows.nth(0).innerText(), /Đã nộp 2\.596\.500 ₫/);
    assert.match(await rows.nth(1).innerText(), /Chênh lệch thiếu 10\.000 ₫/);
    assert.match(await page.locator("#session-totals").innerText(), /Thu lãi\s+12\s+3\.548\.500 ₫/);
    // Expected 30.000.000 + 2.596.500 + 952.000 = 33.548.500 ₫.
    assert.equal(await page.locator('[data-testid="expected-cash"]').innerText(), "33.548.500 ₫");

    const close = page.locator("#close-button");
    await page.locator("#count-500000").fill("67");
    await page.locator("#count-20000").fill("2");
    await page.locator("#count-5000").fill("1");
    await page.locator("#count-2000").fill("1");
    await page.locator("#count-1000").fill("1");
    assert.equal(await page.locator('[data-testid="counted-total"]').innerText(), "33.548.000 ₫");
    assert.equal(await page.locator('[data-testid="close-difference"]').innerText(), "thiếu 500 ₫");
    assert.equal(await close.isDisabled(), true);
    await page.locator("#count-1000").fill("1,5");
    assert.match(await page.locator("#close-session").innerText(), /Số tờ phải là số nguyên không âm/);
    await page.locator("#count-1000").fill("1");
    await page.locator("#close-note").fill("Thiếu 500 ₫ tiền lẻ, thủ quỹ bù");
    assert.equal(await close.isDisabled(), false);
    await close.click(); // asks to confirm
    await page.getByText(/Sau khi đóng, phiên không nhận thêm giao dịch/).waitFor();
    assert.equal((await calls(page, "close_session")).length, 0);
    await close.click();
    await page.locator('[data-testid="session-status"]').getByText("Đã đóng").waitFor();
    const [c] = await calls(page, "close_session");
    assert.deepEqual(c.args, {
      actor: "CB03",
      date: "2026-12-15",
      count: [
        [500000, 67],
        [20000, 2],
        [5000, 1],
        [2000, 1],
        [1000, 1],
      ],
      note: "Thiếu 500 ₫ tiền lẻ, thủ quỹ bù",
    });
    assert.equal(await page.locator("#close-session").count(), 0);
    assert.match(await page.locator("#session-summary").innerText(), /Chênh lệch\s+thiếu 500 ₫/);
    // The print button calls window.print (stubbed here).
    await page.evaluate(() => (window.print = () => (window.__printed = true)));
    await page.getByRole("button", { name: "In biên bản phiên" }).click();
    assert.equal(await page.evaluate(() => window.__printed), true);
  });

  test("sync: the state, then Đồng bộ ngay with no signal keeps everything and says so, then with signal", async () => {
    const { page } = await open("", { sync: "enrolled" });
    await page.locator('[data-testid="sync-fact"]').waitFor();
    assert.equal(await page.locator('[data-testid="sync"]').innerText(), "Đã đăng ký, chưa đồng bộ lần nào");
    assert.equal(await page.locator('[data-testid="sync-pending"]').innerText(), "Chờ gửi: 42 thay đổi");
    assert.equal((await calls(page, "sync_now")).length, 0, "nothing syncs unless asked");
    await page.evaluate(() => (window.__ipc.offline = true));
    await page.getByRole("button", { name: "Đồng bộ ngay" }).click();
    const error = page.locator('[data-testid="sync-error"]');
    await error.waitFor();
    assert.equal(await error.getAttribute("data-code"), "unreachable");
    assert.equal(
      await error.innerText(),
      "Không kết nối được máy chủ. Dữ liệu vẫn an toàn trên máy này; hãy thử lại khi có sóng.",
      "the officer reads what to do, not a connection error"
    );
    assert.equal(await page.locator('[data-testid="sync-pending"]').innerText(), "Chờ gửi: 42 thay đổi");
    await page.evaluate(() => (window.__ipc.offline = false));
    await page.getByRole("button", { name: "Đồng bộ ngay" }).click();
    await page.locator('[data-testid="sync-done"]').getByText("Đã gửi 42, nhận 7.").waitFor();
    assert.equal(await page.locator('[data-testid="sync"]').innerText(), "Lần cuối: 15/12/2026 10:05", "in the laptop's time (UTC+7)");
    assert.equal(await page.locator('[data-testid="sync-pending"]').innerText(), "Chờ gửi: 0 thay đổi");
  });

  test("an open session's error codes show their message", async () => {
    const { page } = await open("#/session");
    await page.locator("#open-session").waitFor();
    await page.evaluate(() => {
      window.__ipc.nextErrors.open_session = { code: "session_exists", message: "Đã có phiên ngày 15/12/2026" };
    });
    await page.getByRole("button", { name: "Mở phiên" }).click();
    await page.locator('.banner[data-code="session_exists"]').getByText("Đã có phiên ngày 15/12/2026").waitFor();
  });
});

describe("groups and search", () => {
  test("the groups list links each group's collection list", async () => {
    const { page } = await open("#/groups");
    await page.locator("#groups").waitFor();
    const rows = page.locator("#groups tbody tr");
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(1).innerText(), /T02\s+Tổ TK&VV thôn Tân Hòa\s+Tân Hòa\s+Hội Liên hiệp Phụ nữ\s+Mai Thị Tuyết\s+5/);
    await rows.nth(0).getByRole("link", { name: /^Danh sách thu/ }).click();
    await page.locator("#collection-grid").waitFor();
    assert.equal(await page.locator("#collection-grid tbody tr").count(), fixture.members.filter((m) => m.groupId === GROUP1).length);
  });

  test("search without diacritics finds members and links their group", async () => {
    const { page } = await open("#/search");
    await page.locator("#search").fill("nguyen van");
    await page.locator("#search-results").waitFor();
    assert.match(await page.locator("#search-results").innerText(), /KH000101\s+Nguyễn Văn An\s+070085001234\s+Phú Lợi\s+T01/);
    const [c] = (await calls(page, "search")).slice(-1);
    assert.deepEqual(c.args, { query: "nguyen van" });
    await page.locator("#search").fill("khong co ai");
    await page.getByText("Không tìm thấy ai khớp «khong co ai».").waitFor();
  });

  test("an unexpected failure shows a generic Vietnamese message, never the raw error", async () => {
    const app = await openApp(browser, server.url);
    opened.push(app);
    const { page } = app;
    await page.goto(server.url);
    await page.locator(".cards").waitFor();
    await page.evaluate(() => {
      window.__ipc.nextErrors.groups = new Error("SqliteFailure(Error { code: DatabaseBusy }) at store.rs:42");
    });
    await page.goto(server.url + "#/groups");
    const banner = page.locator('.banner[data-code="unknown"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Đã xảy ra lỗi không mong muốn/);
    assert.doesNotMatch(await page.locator("body").innerText(), /Sqlite|store\.rs/);
    await banner.getByRole("button", { name: "Thử lại" }).click();
    await page.locator("#groups").waitFor();
  });
});

describe("enrolment with the sync server", () => {
  const SERVER = "https://dongbo.pgd-dongphu.example.vn";
  const fieldError = (page, id) => page.locator(`#${id}-error`);

  test("a laptop that is not enrolled shows the form to connect it, and sends nothing by itself", async () => {
    const { page, requests } = await open();
    const fact = page.locator('[data-testid="sync-fact"]');
    await fact.locator("#enrol-form").waitFor();
    assert.equal(await page.locator('[data-testid="sync"]').innerText(), "Chưa cấu hình đồng bộ");
    assert.equal(await fact.getByRole("heading").innerText(), "Kết nối máy chủ đồng bộ");
    assert.equal(await page.getByLabel("Địa chỉ máy chủ").inputValue(), "");
    assert.equal(await page.getByLabel("Mã đăng ký").inputValue(), "");
    assert.equal(await page.getByLabel("Tên máy").inputValue(), "Laptop điểm giao dịch");
    assert.equal(await fact.getByRole("button", { name: "Đăng ký máy" }).isEnabled(), true);
    assert.equal(await fact.getByRole("button", { name: "Đồng bộ ngay" }).count(), 0, "nothing to sync before enrolling");
    assert.equal((await calls(page, "enrol_device")).length, 0);
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
    await page.getByRole("button", { name: "EN" }).click();
    assert.equal(await fact.getByRole("heading").innerText(), "Connect to the sync server");
    assert.equal(await fact.getByRole("button", { name: "Enrol this laptop" }).count(), 1);
  });

  test("what was typed is checked first: a bad code or address gives the Vietnamese error and sends nothing", async () => {
    const { page } = await open();
    await page.locator("#enrol-form").waitFor();
    const submit = page.getByRole("button", { name: "Đăng ký máy" });
    await page.getByLabel("Tên máy").fill("");
    await submit.click();
    assert.equal(
      await fieldError(page, "enrol-server").innerText(),
      "Nhập địa chỉ máy chủ do quận/huyện cho, ví dụ https://dongbo.pgd-dienkhanh.example.vn",
    );
    assert.equal(await fieldError(page, "enrol-code").innerText(), "Nhập mã đăng ký do quận/huyện cấp");
    assert.equal(await fieldError(page, "enrol-name").innerText(), "Tên máy có từ 1 đến 100 ký tự");
    // The first field to fix has the focus.
    await page.waitForFunction(() => document.activeElement?.id === "enrol-server");

    await page.getByLabel("Địa chỉ máy chủ").fill("dongbo.pgd-dongphu.example.vn");
    await page.getByLabel("Mã đăng ký").fill("K7QM-XR3D");
    await page.getByLabel("Tên máy").fill("Laptop điểm Tân Phú");
    await submit.click();
    assert.equal(
      await fieldError(page, "enrol-server").innerText(),
      "Địa chỉ máy chủ phải bắt đầu bằng https:// (hoặc http://) rồi đến tên máy chủ",
    );
    assert.equal(await fieldError(page, "enrol-code").innerText(), "Mã đăng ký gồm 12 chữ cái và chữ số, dạng K7QM-XR3D-9PTA");
    assert.equal(await page.getByLabel("Mã đăng ký").getAttribute("aria-invalid"), "true");
    assert.equal(await fieldError(page, "enrol-name").count(), 0);
    assert.equal((await calls(page, "enrol_device")).length, 0, "nothing is sent while a field is wrong");

    await page.getByRole("button", { name: "EN" }).click();
    assert.equal(await fieldError(page, "enrol-code").innerText(), "An enrolment code is 12 letters and digits, like K7QM-XR3D-9PTA");
    await page.getByRole("button", { name: "VI" }).click();
    assert.equal(await page.locator('[data-testid="sync"]').innerText(), "Chưa cấu hình đồng bộ");
  });

  test("the server's refusals are worded by their code: a used code, no signal, anything else", async () => {
    const { page } = await open();
    await page.locator("#enrol-form").waitFor();
    const submit = page.getByRole("button", { name: "Đăng ký máy" });
    await page.getByLabel("Địa chỉ máy chủ").fill(SERVER);
    await page.getByLabel("Mã đăng ký").fill("USED-USED-USED");
    await submit.click();
    const codeError = fieldError(page, "enrol-code");
    await codeError.waitFor();
    assert.equal(
      await codeError.innerText(),
      "Máy chủ không nhận mã này: mã sai, đã dùng hoặc đã hết hạn. Kiểm tra lại mã, hoặc xin quận/huyện cấp mã mới.",
    );
    await page.waitForFunction(() => document.activeElement?.id === "enrol-code");
    const [c] = await calls(page, "enrol_device");
    assert.deepEqual(c.args, { serverUrl: SERVER, code: "USED-USED-USED", deviceName: "Laptop điểm giao dịch" });
    await page.getByLabel("Mã đăng ký").fill("USED-USED-USEE");
    assert.equal(await codeError.count(), 0, "typing again takes the refusal away");

    await page.evaluate(() => (window.__ipc.offline = true));
    await page.getByLabel("Mã đăng ký").fill("K7QM-XR3D-9PTA");
    await submit.click();
    const banner = page.locator('[data-testid="enrol-error"]');
    await banner.waitFor();
    assert.equal(await banner.getAttribute("data-code"), "unreachable");
    assert.equal(
      await banner.innerText(),
      `Không kết nối được máy chủ ${SERVER}. Kiểm tra địa chỉ và sóng mạng rồi thử lại; máy này chưa thay đổi gì.`,
    );
    assert.equal(await page.locator('[data-testid="sync"]').innerText(), "Chưa cấu hình đồng bộ");

    await page.evaluate(() => {
      window.__ipc.offline = false;
      window.__ipc.nextErrors.enrol_device = { code: "protocol", message: "phiên bản giao thức «1» không được hỗ trợ; hãy cập nhật Phiên" };
    });
    await submit.click();
    await page.locator('[data-testid="enrol-error"][data-code="protocol"]').waitFor();
    assert.equal(await banner.innerText(), "phiên bản giao thức «1» không được hỗ trợ; hãy cập nhật Phiên", "a code the UI does not word keeps the shell's message");

    // The shell's own check of a field the UI let through lands on that field.
    await page.evaluate(() => {
      window.__ipc.nextErrors.enrol_device = { code: "device_name_invalid", message: "Tên máy = «…»: phải có từ 1 đến 100 ký tự" };
    });
    await submit.click();
    await fieldError(page, "enrol-name").getByText("Tên máy có từ 1 đến 100 ký tự").waitFor();
    assert.equal(await banner.count(), 0);
  });

  test("after enrolling, the fact shows the never-synced state with Đồng bộ ngay, which syncs", async () => {
    const { page } = await open();
    await page.locator("#enrol-form").waitFor();
    await page.getByLabel("Địa chỉ máy chủ").fill(`  ${SERVER}/ `);
    await page.getByLabel("Mã đăng ký").fill("k7qmxr3d9pta");
    await page.getByLabel("Tên máy").fill("Laptop điểm Tân Phú");
    await page.getByRole("button", { name: "Đăng ký máy" }).click();
    const fact = page.locator('[data-testid="sync-fact"]');
    await fact.getByRole("button", { name: "Đồng bộ ngay" }).waitFor();
    const [c] = await calls(page, "enrol_device");
    assert.deepEqual(c.args, { serverUrl: `${SERVER}/`, code: "k7qmxr3d9pta", deviceName: "Laptop điểm Tân Phú" });
    assert.equal(await page.locator("#enrol-form").count(), 0);
    assert.equal(await page.locator('[data-testid="sync"]').innerText(), "Đã đăng ký, chưa đồng bộ lần nào");
    assert.equal(await page.locator('[data-testid="sync-pending"]').innerText(), "Chờ gửi: 42 thay đổi");
    assert.equal(
      await page.locator('[data-testid="sync-done"]').innerText(),
      `Đã đăng ký máy với máy chủ ${SERVER}. Bấm «Đồng bộ ngay» để gửi sổ lần đầu.`,
    );
    assert.equal((await calls(page, "sync_now")).length, 0, "enrolling does not sync by itself");
    await page.getByRole("button", { name: "Đồng bộ ngay" }).click();
    await page.locator('[data-testid="sync-done"]').getByText("Đã gửi 42, nhận 7.").waitFor();
    assert.equal(await page.locator('[data-testid="sync-pending"]').innerText(), "Chờ gửi: 0 thay đổi");
  });

  test("a laptop enrolled meanwhile (from the command line) is not enrolled again", async () => {
    const { page } = await open();
    await page.locator("#enrol-form").waitFor();
    await page.evaluate(() => {
      window.__ipc.sync = { state: "never", server: "https://dongbo.other.example.vn", pending: 3, quarantined: 0 };
    });
    await page.getByLabel("Địa chỉ máy chủ").fill(SERVER);
    await page.getByLabel("Mã đăng ký").fill("K7QM-XR3D-9PTA");
    await page.getByRole("button", { name: "Đăng ký máy" }).click();
    await page.getByRole("button", { name: "Đồng bộ ngay" }).waitFor();
    assert.equal(
      await page.locator('[data-testid="sync-done"]').innerText(),
      "Máy này đã đăng ký với máy chủ đồng bộ; không đăng ký lại.",
    );
    assert.equal(await page.locator('[data-testid="sync-pending"]').innerText(), "Chờ gửi: 3 thay đổi");
  });
});
