// The charts as pictures: each chart of the «Biểu đồ» screen is drawn in
// headless Chromium from the fixed fixture (report-fixture.mjs) and its PNG
// compared pixel by pixel (pixelmatch) with the reference committed in
// tests/snapshots/. A pixel counts as different when its colour is further
// than THRESHOLD from the reference's (anti-aliasing is not counted); a
// chart fails when more than TOLERANCE of its pixels differ, or when its
// size changed. On failure the picture seen and the difference are written
// beside the reference (*.actual.png, *.diff.png; not committed).
//
//   UPDATE_SNAPSHOTS=1 npm test     # redraw the references (then look at them)
import { after, before, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { appSuite, uiDir } from "./harness.mjs";

const SNAPSHOTS = join(uiDir, "tests", "snapshots");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";
/** Colour distance (0–1, pixelmatch's YIQ measure) under which two pixels are the same. */
const THRESHOLD = 0.1;
/** Share of a chart's pixels that may differ (1 in 2,000: anti-aliasing after a browser update; one point of one line moved is ~0,15 %). */
const TOLERANCE = 0.0005;
const CHARTS = ["overdue-ratio", "arrears", "grades", "ranking"];

const suite = appSuite({ before, after, afterEach });
before(() => mkdir(SNAPSHOTS, { recursive: true }));

/** The charts screen drawn from the fixture, after `change` (run in the page) altered the fake's reports. */
async function chartsPage(change = null) {
  const { page } = await suite.open();
  await page.locator(".cards").waitFor();
  if (change) await page.evaluate(change);
  await page.evaluate(() => (location.hash = "#/reports/charts"));
  for (const name of CHARTS) await page.locator(`[data-chart="${name}"] svg`).waitFor();
  // Fonts and layout settled before any picture is taken.
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

async function picture(page, name) {
  return PNG.sync.read(await page.locator(`[data-chart="${name}"] svg`).screenshot({ type: "png" }));
}

/** Pixels of `actual` that differ from the reference `name`, and the difference image. */
async function difference(actual, name) {
  const reference = PNG.sync.read(await readFile(join(SNAPSHOTS, `${name}.png`)));
  if (reference.width !== actual.width || reference.height !== actual.height) {
    return { sizeChanged: `${reference.width}×${reference.height} → ${actual.width}×${actual.height}`, differing: Infinity, share: 1 };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(reference.data, actual.data, diff.data, actual.width, actual.height, { threshold: THRESHOLD });
  return { differing, share: differing / (actual.width * actual.height), diff };
}

describe("charts as pictures", () => {
  test("each chart matches its reference image", async () => {
    const page = await chartsPage();
    for (const name of CHARTS) {
      const actual = await picture(page, name);
      const file = join(SNAPSHOTS, `${name}.png`);
      if (UPDATE || !existsSync(file)) {
        await writeFile(file, PNG.sync.write(actual));
        console.log(`wrote ${file} (${actual.width}×${actual.height}); look at it before committing`);
        continue;
      }
      const d = await difference(actual, name);
      if (d.share > TOLERANCE) {
        await writeFile(join(SNAPSHOTS, `${name}.actual.png`), PNG.sync.write(actual));
        if (d.diff) await writeFile(join(SNAPSHOTS, `${name}.diff.png`), PNG.sync.write(d.diff));
      }
      assert.ok(
        d.share <= TOLERANCE,
        `${name}: ${d.sizeChanged ?? `${d.differing} pixels differ (${(d.share * 100).toFixed(2)} %, tolerance ${TOLERANCE * 100} %)`}; see tests/snapshots/${name}.actual.png and .diff.png, or UPDATE_SNAPSHOTS=1 if the change is wanted`,
      );
    }
  });

  test("the comparison catches a changed value: one month of one association, one month's grades", async () => {
    if (UPDATE) return;
    const page = await chartsPage(() => {
      const hnd = window.__ipc.reports.series.lines.find((l) => l.code === "HND");
      hnd.values[5] = { ...hnd.values[5], overdueRatioPct: "9.00" }; // June: 2,10 % → 9,00 %
      const june = window.__ipc.reports.series.months[5].grades;
      june.tot += 1; // one group moves from Khá to Tốt
      june.kha -= 1;
    });
    const line = await difference(await picture(page, "overdue-ratio"), "overdue-ratio");
    assert.ok(line.share > TOLERANCE, `a point moved from 2,10 % to 9,00 % must fail the comparison (${line.differing} pixels differ)`);
    const bars = await difference(await picture(page, "grades"), "grades");
    assert.ok(bars.share > TOLERANCE, `a segment of one bar changed must fail the comparison (${bars.differing} pixels differ)`);
    const same = await difference(await picture(page, "arrears"), "arrears");
    assert.ok(same.share <= TOLERANCE, "the arrears chart did not change and still matches");
  });

  test("axes are labelled the Vietnamese way and every line has its legend", async () => {
    const page = await chartsPage();
    const texts = (sel) => page.locator(sel).evaluateAll((els) => els.map((e) => e.textContent));
    assert.deepEqual(await texts('[data-chart="overdue-ratio"] .tick text'), ["0 %", "5 %", "10 %", "15 %"]);
    assert.deepEqual(await texts('[data-chart="arrears"] .tick text'), ["0,0", "0,5", "1,0", "1,5"]);
    assert.equal(await page.locator('[data-chart="arrears"] .axis-unit').textContent(), "triệu đồng");
    assert.deepEqual(await texts('[data-chart="overdue-ratio"] .legend text'), [
      "Điểm giao dịch xã Tân Phú",
      "Hội Nông dân",
      "Hội Liên hiệp Phụ nữ",
      "Hội Cựu chiến binh",
      "Đoàn Thanh niên",
    ]);
    const months = await texts('[data-chart="grades"] [data-bar] > text');
    assert.equal(months[0], "T1/26");
    assert.equal(months[11], "T12/26");
    assert.deepEqual(await texts('[data-chart="grades"] .legend text'), ["Tốt", "Khá", "Trung bình", "Yếu"]);
    assert.deepEqual(
      await texts('[data-chart="ranking"] [data-row] text:first-child'),
      ["T02 Tổ TK&VV thôn Tân Hòa", "T04 Tổ TK&VV thôn Suối Cát", "T03 Tổ TK&VV thôn Bình Minh", "T01 Tổ TK&VV thôn Phú Lợi"],
      "best first",
    );
  });
});
