// `npm run screenshots`: docs/screenshots/{home,session,collection-list,borrower,
// quality,rating,watchlist,charts}.png from the mocked UI at 1280x800 (not part
// of `npm test`).
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { serveDist, launch, openApp, uiDir, cell } from "./harness.mjs";
import { GROUP1, fixture, memberId } from "./fixture.mjs";
import { GROUP3 } from "./report-fixture.mjs";

const out = join(uiDir, "..", "docs", "screenshots");
await mkdir(out, { recursive: true });

const session = {
  openingCash: 30000000,
  handovers: [{ groupCode: "T02", expected: 962000, handedOver: 952000, note: "Thiếu 10.000 ₫, tổ trưởng nộp bổ sung" }],
  totals: [
    { kind: "interest_payment", label: "Thu lãi", count: 5, amount: 912000 },
    { kind: "savings_deposit", label: "Gửi tiết kiệm", count: 2, amount: 50000 },
  ],
};

const server = await serveDist();
const browser = await launch();
const shots = [];
async function shot(page, name) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const path = join(out, name);
  await page.screenshot({ path, type: "png" });
  shots.push(path);
}
try {
  {
    const { page, context } = await openApp(browser, server.url, { session });
    await page.goto(server.url);
    await page.locator(".cards").waitFor();
    await shot(page, "home.png");
    await page.goto(server.url + "#/session");
    await page.locator("#close-session").waitFor();
    for (const [d, n] of [[500000, 61], [200000, 3], [100000, 4], [50000, 5], [20000, 7], [10000, 1]]) {
      await page.locator(`#count-${d}`).fill(String(n));
    }
    await shot(page, "session.png");
    await context.close();
  }
  {
    const { page, context } = await openApp(browser, server.url, { session });
    await page.goto(`${server.url}#/groups/${GROUP1}/collection/${fixture.today}`);
    await page.locator("#collection-grid").waitFor();
    const type = (s) => page.keyboard.type(s);
    const key = (k) => page.keyboard.press(k);
    await cell(page, 0, "interest").click();
    await key("Control+Enter");
    await key("ArrowRight");
    await key("ArrowRight");
    await type("50000");
    await key("End");
    await type("BL-0101");
    await key("Enter");
    await cell(page, 1, "interest").click();
    await type("156000");
    await key("Tab");
    await key("Tab");
    await type("20000");
    await key("Enter");
    await cell(page, 2, "interest").click();
    await type("412500");
    await key("Tab");
    await key("Tab");
    await key("Tab");
    await type("400000");
    await key("Enter");
    await cell(page, 3, "interestFromSavings").click();
    await type("130000");
    await key("Enter");
    await cell(page, 5, "interest").click();
    await type("78000");
    await key("Tab");
    await key("Tab");
    await type("4000");
    await page.locator("#handed-over").fill("6.126.000");
    await cell(page, 5, "savingsDeposit").click();
    await key("End");
    await shot(page, "collection-list.png");
    await context.close();
  }
  {
    const { page, context } = await openApp(browser, server.url, { session });
    await page.goto(`${server.url}#/member/${memberId(101)}?date=${fixture.today}`);
    await page.locator("#member-entries").waitFor();
    await shot(page, "borrower.png");
    await context.close();
  }
  {
    // Credit quality: the tree opened to T01's borrowers, T03's rating, the
    // overdue list by age, the charts.
    const { page, context } = await openApp(browser, server.url, { session });
    await page.goto(`${server.url}#/reports/quality`);
    await page.locator('tr[data-code="HND"] .tree-toggle').click();
    await page.locator('tr[data-code="T01"] .tree-toggle').click();
    await page.locator('tr[data-code="KH000107"]').waitFor();
    await shot(page, "quality.png");
    await page.goto(`${server.url}#/reports/rating?group=${GROUP3}`);
    await page.locator(`#breakdown-${GROUP3}`).waitFor();
    await shot(page, "rating.png");
    await page.goto(`${server.url}#/reports/watch/overdue?sort=age`);
    await page.locator('#watchlist th[aria-sort="descending"] [data-sort-head="age"]').waitFor();
    await shot(page, "watchlist.png");
    await page.goto(`${server.url}#/reports/charts`);
    await page.locator('[data-chart="ranking"] svg').waitFor();
    await shot(page, "charts.png");
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
for (const p of shots) {
  const { size } = await stat(p);
  console.log(`${p} ${(size / 1024).toFixed(0)} KB`);
  if (size > 300 * 1024) {
    console.error(`${p} is over 300 KB`);
    process.exitCode = 1;
  }
}
