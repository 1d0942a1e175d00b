// Unit tests of src/lib/format.ts and src/lib/scale.ts, transpiled on the fly with Vite's Oxc.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformWithOxc } from "vite";
import { uiDir } from "./harness.mjs";

async function load(name = "format") {
  const src = await readFile(join(uiDir, `src/lib/${name}.ts`), "utf8");
  const { code } = await transformWithOxc(src, `${name}.ts`, { lang: "ts" });
  const dir = await mkdtemp(join(tmpdir(), "phien-format-"));
  const file = join(dir, `${name}.mjs`);
  await writeFile(file, code);
  try {
    return await import(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const f = await load();
const scale = await load("scale");

test("formatDong groups thousands with dots and adds ₫", () => {
  assert.equal(f.formatDong(1250000), "1.250.000 ₫");
  assert.equal(f.formatDong(0), "0 ₫");
  assert.equal(f.formatDong(999), "999 ₫");
  assert.equal(f.formatDong(-5000), "-5.000 ₫");
  assert.equal(f.formatDong(1000000000000), "1.000.000.000.000 ₫");
});

test("parseDong accepts the ways officers write an amount", () => {
  for (const text of ["1.250.000", "1,250,000", "1250000", "1.250.000 ₫", "1 250 000", " 1.250.000đ ", "1.250.000 VND"]) {
    assert.deepEqual(f.parseDong(text), { ok: true, value: 1250000 }, text);
  }
  assert.deepEqual(f.parseDong("5.000"), { ok: true, value: 5000 });
  assert.deepEqual(f.parseDong("0"), { ok: true, value: 0 });
});

test("parseDong refuses decimals, words and negatives with a typed error", () => {
  for (const text of ["12,5", "1.5", "1.250.000,50", "1.25.000", "1.250,000"]) {
    assert.deepEqual(f.parseDong(text), { ok: false, error: { code: "decimal" } }, text);
  }
  for (const text of ["abc", "12a", "1e6", "₫"]) {
    assert.deepEqual(f.parseDong(text), { ok: false, error: { code: text === "₫" ? "empty" : "not_a_number" } }, text);
  }
  assert.deepEqual(f.parseDong("  "), { ok: false, error: { code: "empty" } });
  assert.deepEqual(f.parseDong("-5.000"), { ok: false, error: { code: "negative" } });
  assert.deepEqual(f.parseDong("99999999999999999999"), { ok: false, error: { code: "too_large" } });
});

test("dates: ISO on the wire, dd/mm/yyyy on screen", () => {
  assert.equal(f.formatDate("2026-12-15"), "15/12/2026");
  assert.deepEqual(f.parseDate("15/12/2026"), { ok: true, value: "2026-12-15" });
  assert.deepEqual(f.parseDate("5/1/2026"), { ok: true, value: "2026-01-05" });
  assert.deepEqual(f.parseDate("2026-12-15"), { ok: true, value: "2026-12-15" });
  assert.deepEqual(f.parseDate("29/02/2028"), { ok: true, value: "2028-02-29" });
  assert.equal(f.parseDate("29/02/2026").ok, false);
  assert.equal(f.parseDate("31/04/2026").ok, false);
  assert.equal(f.parseDate("12/15/2026").ok, false);
  assert.equal(f.parseDate("").ok, false);
  assert.equal(f.weekday("2026-12-15"), 2); // a Tuesday
});

test("ratios from the shell are written with a comma and two places, never through a float", () => {
  assert.equal(f.formatPct("1.25"), "1,25 %");
  assert.equal(f.formatPct("10"), "10,00 %", "a whole number gets its two places");
  assert.equal(f.formatPct("0.5"), "0,50 %");
  assert.equal(f.formatPct("-3.4"), "-3,40 %");
  assert.equal(f.formatPct(null), "—", "no rate (nothing was due)");
  assert.equal(f.formatPct("1234.5"), "1.234,50 %", "thousands grouped");
  assert.equal(f.formatPct("0.045", 3), "0,045 %", "a fee rate keeps its places");
  // Rounding half-up on the first dropped digit, carried through the units.
  assert.equal(f.decimalText("0.125", 2), "0,13");
  assert.equal(f.decimalText("9.995", 2), "10,00");
  assert.equal(f.decimalText("2.5", 0), "3");
  assert.equal(f.decimalText("-0.004", 2), "0,00", "no minus sign on a zero");
  // 0.1 + 0.2 as a float is 0,30000000000000004: strings never meet that.
  assert.equal(f.decimalText("0.30000000000000004", 2), "0,30");
});

test("months are written mm/yyyy and moved across years", () => {
  assert.equal(f.formatMonth("2026-11"), "11/2026");
  assert.equal(f.addMonths("2026-01", -1), "2025-12");
  assert.equal(f.addMonths("2026-12", 1), "2027-01");
  assert.equal(f.addMonths("2026-11", -11), "2025-12", "the 12 months ending in November");
  assert.equal(f.addMonths("2026-03", -36), "2023-03");
});

test("chart axes step 1, 2, 2,5 or 5 × 10ⁿ and cover the largest value", () => {
  assert.deepEqual(scale.ticks(0, 13.75), [0, 5, 10, 15], "an overdue ratio of 13,75 %");
  assert.deepEqual(scale.ticks(0, 1.27), [0, 0.5, 1, 1.5]);
  assert.deepEqual(scale.ticks(0, 4, 4), [0, 1, 2, 3, 4], "four groups, whole counts");
  assert.deepEqual(scale.ticks(0, 0), [0, 1], "an empty chart still has an axis");
  assert.deepEqual(scale.ticks(-3, 7), [-4, -2, 0, 2, 4, 6, 8], "below zero for a change of overdue");
  assert.equal(scale.niceStep(49_689_636), 10_000_000);
  assert.equal(scale.stepDecimals(0.5), 1);
  assert.equal(scale.stepDecimals(0.25), 2);
  assert.equal(scale.stepDecimals(5), 0);
  assert.equal(scale.axisNumber(1.5, 1), "1,5");
  assert.equal(scale.axisNumber(12500000, 0), "12.500.000");
  assert.equal(scale.axisNumber(-0.04, 1), "0,0", "no minus sign on a zero");
});
