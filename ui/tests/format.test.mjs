// Unit tests of src/lib/format.ts, transpiled on the fly with Vite's Oxc.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformWithOxc } from "vite";
import { uiDir } from "./harness.mjs";

async function load() {
  const src = await readFile(join(uiDir, "src/lib/format.ts"), "utf8");
  const { code } = await transformWithOxc(src, "format.ts", { lang: "ts" });
  const dir = await mkdtemp(join(tmpdir(), "phien-format-"));
  const file = join(dir, "format.mjs");
  await writeFile(file, code);
  try {
    return await import(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const f = await load();

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
