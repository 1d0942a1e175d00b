// Measures the desktop app against the performance targets of issue 3, in the
// real window (tauri-driver + WebKitWebDriver under Xvfb). Run by
// scripts/measure-app through e2e/run.sh, which seeds the demo commune first
// and sets PHIEN_APP, PHIEN_DB, PHIEN_TODAY (15/12/2026) and the driver port.
//
// What is measured, and how (see also docs/performance.md):
//
// 1. Cold start to an interactive home screen, several times, each a new app
//    process on the already-seeded demo file. Start: the kernel's start time
//    of the app process (/proc/PID/stat field 22, in clock ticks since boot,
//    turned into wall-clock time with /proc/uptime). End: the UI's
//    `phien:home-interactive` mark, taken just after the first paint of the
//    home screen with its figures (ui/src/lib/perf.ts), read as wall-clock
//    time (Date.now()) from the page. Both clocks are the machine's own; the
//    tick is 10 ms, so a figure is good to about ±20 ms.
// 2. Opening the largest group's 13/TD list: from the click on the group's
//    link in the session screen (a capturing click listener's
//    performance.now()) to the `phien:list-rendered` mark after the rows are
//    painted. Several times.
// 3. Keystroke latency in the list: for each key typed (WebDriver key
//    actions), from the keydown event's timestamp to just after the next
//    paint (a requestAnimationFrame callback, then a task queued from it).
// 4. A full session (open with cash from the office, the largest group's
//    whole list typed with the keyboard and saved, a savings deposit at the
//    counter, close with a cash count), then the resident memory of the app
//    process and of every process it started (WebKitWebProcess,
//    WebKitNetworkProcess, …) from /proc: RSS and PSS (shared pages divided
//    among the processes sharing them), each and in total.
// 5. The release binary's size.
//
// Prints a table and writes target/measure-app.json (with `pass`).
import { readFileSync, readdirSync, readlinkSync, realpathSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Key } from "webdriverio";
import { APP, dong, nav, parseDong, pickRecorder, startApp, stopApp, textOf, typeKeys, waitText } from "./lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const N_STARTS = Number(process.env.PHIEN_MEASURE_STARTS ?? 5);
const N_OPENS = Number(process.env.PHIEN_MEASURE_OPENS ?? 5);
const DAY = "15/12/2026";
// How long after the session closes the memory is read.
const SETTLE_MS = Number(process.env.PHIEN_MEASURE_SETTLE_MS ?? 2000);
const DENOMINATIONS = [500000, 200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000];

const TARGETS = {
  coldStartMs: 1500,
  listOpenMs: 200,
  // "Typing never lags": every key answered within 100 ms (RAIL's budget for a response to input).
  keyLatencyMaxMs: 100,
  binaryBytes: 20 * 1000 * 1000,
  memoryBytes: 250 * 1000 * 1000,
};

const appPath = realpathSync(APP);
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

// ---- /proc

function statOf(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name is in parentheses and may contain spaces.
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  const fields = text.slice(close + 2).split(" ");
  // fields[0] is field 3 (state); field 4 is ppid, field 22 is starttime.
  return { pid, comm, state: fields[0], ppid: Number(fields[1]), startTicks: Number(fields[19]) };
}

function allProcesses() {
  const out = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.push(statOf(Number(name)));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The newest live process running the app binary. */
function appProcess() {
  let best = null;
  for (const p of allProcesses()) {
    if (p.state === "Z") continue;
    let exe;
    try {
      exe = readlinkSync(`/proc/${p.pid}/exe`);
    } catch {
      continue;
    }
    if (exe !== appPath) continue;
    if (!best || p.startTicks > best.startTicks) best = p;
  }
  return best;
}

/** Wall-clock time (ms since the epoch) at which a process started. */
function startEpochMs(p) {
  const uptimeS = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const bootEpochMs = Date.now() - uptimeS * 1000;
  return bootEpochMs + (p.startTicks * 1000) / CLK_TCK;
}

function descendants(pid) {
  const procs = allProcesses();
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift();
    for (const p of procs) {
      if (p.ppid === parent && p.state !== "Z") {
        out.push(p);
        queue.push(p.pid);
      }
    }
  }
  return out;
}

function kbField(text, name) {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text);
  return m ? Number(m[1]) * 1024 : 0;
}

// Where a process's memory goes: PSS per mapping (a library's file name,
// `[heap]`, `[anon]` for other anonymous memory), the largest first.
function mappingsOf(pid, top = 8) {
  const byName = new Map();
  let name = null;
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
      const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (head) {
        const path = head[1].trim();
        name = path === "" ? "[anon]" : path.split("/").pop();
      } else if (name && line.startsWith("Pss:")) {
        byName.set(name, (byName.get(name) ?? 0) + kbField(line, "Pss"));
      }
    }
  } catch {
    return [];
  }
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, top).map(([mapping, pss]) => ({ mapping, pss }));
}

function memoryOf(p) {
  const status = readFileSync(`/proc/${p.pid}/status`, "utf8");
  let pss = 0;
  let pssAnon = 0;
  let pssFile = 0;
  try {
    const rollup = readFileSync(`/proc/${p.pid}/smaps_rollup`, "utf8");
    pss = kbField(rollup, "Pss");
    // Anonymous: heaps, the JavaScript heap, caches — what the app itself
    // allocated. File: code and data of the binary and its libraries
    // (WebKit, GTK, Mesa), shared with every other program mapping them.
    pssAnon = kbField(rollup, "Pss_Anon");
    pssFile = kbField(rollup, "Pss_File");
  } catch {
    /* older kernels */
  }
  // The full name: /proc/PID/comm is cut at 15 characters ("WebKitWebProces").
  let name = p.comm;
  try {
    name = readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split("\0")[0].split("/").pop() || p.comm;
  } catch {
    /* gone */
  }
  return { pid: p.pid, name, rss: kbField(status, "VmRSS"), pss, pssAnon, pssFile, top: mappingsOf(p.pid) };
}

function memoryTree(app) {
  const procs = [memoryOf(app), ...descendants(app.pid).map(memoryOf)];
  return {
    processes: procs,
    rss: procs.reduce((a, p) => a + p.rss, 0),
    pss: procs.reduce((a, p) => a + p.pss, 0),
    pssAnon: procs.reduce((a, p) => a + p.pssAnon, 0),
    pssFile: procs.reduce((a, p) => a + p.pssFile, 0),
    appRss: procs[0].rss,
    webkitRss: procs.slice(1).reduce((a, p) => a + p.rss, 0),
  };
}

// ---- statistics and output

function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (f) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(f * s.length) - 1))];
  return {
    n: s.length,
    min: s[0],
    median: q(0.5),
    p95: q(0.95),
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

const ms = (x) => `${Math.round(x)} ms`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

// ---- page helpers

async function perfMarks(browser, name) {
  return browser.execute((n) => (window.__phienPerf ?? []).filter((m) => m.name === n), name);
}

async function waitMark(browser, name, count, timeout = 20000) {
  await browser.waitUntil(async () => (await perfMarks(browser, name)).length >= count, {
    timeout,
    interval: 20,
    timeoutMsg: `the UI should record ${name} (${count})`,
  });
  return (await perfMarks(browser, name))[count - 1];
}

// ---- 1. cold starts

async function coldStarts() {
  const runs = [];
  for (let i = 0; i < N_STARTS; i++) {
    const before = appProcess();
    if (before) throw new Error(`an app process is still running (pid ${before.pid}): stop it first`);
    const t0 = Date.now();
    const { browser } = await startApp();
    const webdriverMs = Date.now() - t0;
    try {
      const mark = await waitMark(browser, "phien:home-interactive", 1);
      // The page's time origin on the wall clock (performance.now() counts from it).
      const timeOrigin = mark.epochMs - mark.at;
      const app = appProcess();
      if (!app) throw new Error("the app process was not found in /proc");
      const started = startEpochMs(app);
      const memory = memoryTree(app);
      runs.push({
        coldStartMs: mark.epochMs - started,
        // Process start to the page's navigation start: the shell (store, window, WebKit processes).
        shellMs: timeOrigin - started,
        // Navigation start to the first paint of the figures: UI load, the `home` command, render.
        uiMs: mark.at,
        webdriverObservedMs: webdriverMs,
        memoryAtStart: { rss: memory.rss, pss: memory.pss },
      });
      console.log(
        `  start ${i + 1}/${N_STARTS}: ${ms(mark.epochMs - started)} (shell ${ms(timeOrigin - started)}, UI ${ms(mark.at)}); ` +
          `memory ${mb(memory.rss)} RSS`,
      );
    } finally {
      await stopApp(browser);
    }
    // Let the app and its WebKit processes exit before the next start.
    for (let k = 0; k < 100 && appProcess(); k++) await new Promise((r) => setTimeout(r, 100));
  }
  return runs;
}

// ---- 2–4. a full session

/** Back to the session screen by its address (the side menu is off-screen beside a wide list). */
async function toSession(browser) {
  await browser.execute(() => (location.hash = "#/session"));
  await (await browser.$(".session")).waitForExist();
}

async function largestGroup(browser) {
  const rows = await browser.$$("#session-groups tbody tr");
  let best = null;
  for (const row of rows) {
    const code = await row.getAttribute("data-group");
    const n = Number(await (await row.$("td.num")).getText());
    if (!best || n > best.n) best = { code, n };
  }
  return best;
}

async function openSession(browser) {
  await nav(browser, "#/session");
  const form = await browser.$("#open-session");
  await form.waitForDisplayed();
  await (await browser.$("#team-leader")).selectByAttribute("value", "CB01");
  await (await browser.$("#controller")).selectByAttribute("value", "CB02");
  await (await browser.$("#teller")).selectByAttribute("value", "CB03");
  await (await browser.$("#cash-from-office")).setValue("50000000");
  const button = await browser.$("#open-session button[type=submit]");
  await button.waitForEnabled();
  await button.click();
  await waitText(browser, '[data-testid="session-status"]', "Đang mở");
}

/** Clicks the group's link in the session screen; ms from the click to the list painted. */
async function openList(browser, code, nth) {
  await browser.execute(() => {
    window.__measureClick = null;
    document.addEventListener("click", () => (window.__measureClick = performance.now()), { capture: true, once: true });
  });
  const link = await browser.$(`#session-groups tr[data-group="${code}"] a`);
  await link.waitForClickable();
  await link.click();
  const mark = await waitMark(browser, "phien:list-rendered", nth);
  const clickAt = await browser.execute(() => window.__measureClick);
  if (clickAt === null) throw new Error("the click was not seen by the page");
  // The commands the opening waited for (shell time, including IPC), the rest being the page's.
  const ipc = (await browser.execute(() => window.__phienIpc ?? []))
    .filter((c) => c.start >= clickAt && c.start <= mark.at)
    .map((c) => ({ cmd: c.cmd, afterClickMs: Math.round(c.start - clickAt), ms: Math.round(c.ms) }));
  return { ms: mark.at - clickAt, rows: mark.detail.rows, ipc };
}

async function listOpens(browser, code) {
  const runs = [];
  for (let i = 1; i <= N_OPENS; i++) {
    await toSession(browser);
    await (await browser.$("#session-groups")).waitForExist();
    const r = await openList(browser, code, i);
    runs.push(r);
    console.log(`  list ${code} open ${i}/${N_OPENS}: ${ms(r.ms)} (${r.rows} rows; ${r.ipc.map((c) => `${c.cmd} +${c.afterClickMs} ms: ${c.ms} ms`).join(", ")})`);
  }
  return runs;
}

const cell = (browser, r, c) => browser.$(`input[data-r="${r}"][data-c="${c}"]`);

async function keyLatencies(browser) {
  await browser.execute(() => {
    window.__keyLatency = [];
    window.addEventListener(
      "keydown",
      (e) => {
        const now = performance.now();
        // WebKit stamps events on the performance timeline; fall back to now otherwise.
        const start = e.timeStamp > 0 && e.timeStamp <= now ? e.timeStamp : now;
        const key = e.key;
        requestAnimationFrame(() => setTimeout(() => window.__keyLatency.push({ key, ms: performance.now() - start }), 0));
      },
      { capture: true },
    );
  });
  // "Gửi TK" (savings deposit) of the first rows: 5 digits, one at a time, then
  // Enter (down one row); then the same again as a burst of key actions.
  await (await cell(browser, 0, 2)).click();
  for (let r = 0; r < 4; r++) {
    for (const ch of "50000") await browser.keys(ch);
    await browser.keys(Key.Enter);
  }
  for (let r = 4; r < 8; r++) {
    await typeKeys(browser, "50000");
    await browser.keys(Key.Enter);
  }
  await browser.pause(300);
  return browser.execute(() => window.__keyLatency);
}

async function fullSession(browser, code, nRows) {
  // The whole list from the keyboard: Ctrl+Enter fills a row with what is due, Enter goes down.
  await (await cell(browser, 0, 0)).click();
  for (let r = 0; r < nRows; r++) {
    await browser.keys([Key.Ctrl, Key.Enter]);
    if (r < nRows - 1) await browser.keys(Key.Enter);
  }
  const total = parseDong(await textOf(browser, '[data-testid="cash-total"]'));
  await (await browser.$("#handed-over")).click();
  await typeKeys(browser, String(total));
  await browser.keys(Key.Tab);
  await waitText(browser, '[data-testid="difference"]', "khớp");
  const save = await browser.$("#save-list");
  await save.waitForEnabled();
  await save.click();
  await waitText(browser, ".collection .banner-ok", `tiền mặt ${dong(total)}`);

  // A savings deposit at the counter.
  await toSession(browser);
  const search = await browser.$("#counter-search");
  await search.waitForDisplayed();
  await search.click();
  await typeKeys(browser, "nguyen");
  await (await browser.$("#counter-results button")).waitForDisplayed();
  await browser.keys(Key.Enter);
  await (await browser.$("#counter-form")).waitForDisplayed();
  await (await browser.$("#counter-action-savings_deposit")).click();
  await (await browser.$("#counter-amount")).click();
  await typeKeys(browser, "100000");
  await browser.keys(Key.Enter);
  await waitText(browser, "#counter .banner-ok", "Gửi tiết kiệm 100.000 ₫");

  // Close with a count of the expected cash (the đồng below 1.000 explained).
  const expected = parseDong(await textOf(browser, '[data-testid="expected-cash"]'));
  let rest = expected;
  for (const d of DENOMINATIONS) {
    const n = Math.floor(rest / d);
    if (n > 0) await (await browser.$(`#count-${d}`)).setValue(String(n));
    rest -= n * d;
  }
  if (rest !== 0) await (await browser.$("#close-note")).setValue("Tiền lẻ dưới 1.000 ₫");
  const close = await browser.$("#close-button");
  await close.waitForEnabled();
  await close.click();
  await waitText(browser, "#close-session .banner-warn", DAY);
  await close.click();
  await waitText(browser, '[data-testid="session-status"]', "Đã đóng");
  return { total, expected };
}

// ---- main

const result = { date: new Date().toISOString(), app: APP, targets: TARGETS };
const tStart = Date.now();

console.log(`measure: ${N_STARTS} cold starts`);
const starts = await coldStarts();
result.coldStart = {
  runs: starts,
  ms: summary(starts.map((r) => r.coldStartMs)),
  shellMs: summary(starts.map((r) => r.shellMs)),
  uiMs: summary(starts.map((r) => r.uiMs)),
};

console.log("measure: a full session");
let browser;
try {
  ({ browser } = await startApp());
  // PSS after each step, to see which one the memory grows with.
  result.memorySteps = [];
  const step = (after) => {
    const m = memoryTree(appProcess());
    result.memorySteps.push({ after, pss: m.pss, pssAnon: m.pssAnon, anonByProcess: m.processes.map((p) => p.pssAnon) });
  };
  step("home");
  await pickRecorder(browser, "CB03");
  await openSession(browser);
  step("session opened");
  const group = await largestGroup(browser);
  const opens = await listOpens(browser, group.code);
  step(`13/TD opened ${N_OPENS} times`);
  result.listOpen = { group: group.code, members: group.n, runs: opens, ms: summary(opens.map((r) => r.ms)) };
  const keys = await keyLatencies(browser);
  result.keystroke = { n: keys.length, ms: summary(keys.map((k) => k.ms)), runs: keys };
  console.log(`  keystrokes: ${keys.length}, max ${ms(result.keystroke.ms.max)}`);
  step("keystrokes");
  const session = await fullSession(browser, group.code, group.n);
  console.log(`  list ${group.code} saved (${dong(session.total)}), session closed (${dong(session.expected)} expected)`);
  await browser.pause(SETTLE_MS);
  const app = appProcess();
  result.memory = memoryTree(app);
  result.memorySteps.push({ after: "the full session", pss: result.memory.pss, pssAnon: result.memory.pssAnon });
} finally {
  await stopApp(browser);
}

// The floor: the same web engine showing one line of static HTML
// (src-tauri/examples/blank_window.rs), measured the same way. What the app
// itself adds is the difference.
const FLOOR_APP = process.env.PHIEN_MEASURE_FLOOR;
if (FLOOR_APP) {
  console.log("measure: the blank window (the engine's floor)");
  const child = spawn(FLOOR_APP, [], { stdio: "ignore" });
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 8000));
    if (child.exitCode !== null) throw new Error(`${FLOOR_APP} exited with ${child.exitCode}`);
    result.floor = memoryTree(statOf(child.pid));
    if (result.floor.processes.length < 3) {
      throw new Error(`the blank window started ${result.floor.processes.length - 1} WebKit processes, not 2`);
    }
  } finally {
    for (const p of [...descendants(child.pid)].reverse()) {
      try {
        process.kill(p.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
    child.kill("SIGTERM");
  }
}

result.binary = { path: APP, bytes: statSync(APP).size };
result.elapsedMs = Date.now() - tStart;

const checks = [
  ["Cold start to interactive home (median of " + N_STARTS + ")", ms(result.coldStart.ms.median),
    `max ${ms(result.coldStart.ms.max)}`, "≤ 1500 ms", result.coldStart.ms.max <= TARGETS.coldStartMs],
  ["  of which shell (process → page start)", ms(result.coldStart.shellMs.median), "", "", null],
  ["  of which UI (page start → figures painted)", ms(result.coldStart.uiMs.median), "", "", null],
  [`Open 13/TD of ${result.listOpen.group} (${result.listOpen.members} members, median of ${N_OPENS})`,
    ms(result.listOpen.ms.median), `max ${ms(result.listOpen.ms.max)}`, "≤ 200 ms", result.listOpen.ms.max <= TARGETS.listOpenMs],
  [`Keystroke → paint in 13/TD (${result.keystroke.n} keys, median)`, ms(result.keystroke.ms.median),
    `p95 ${ms(result.keystroke.ms.p95)}, max ${ms(result.keystroke.ms.max)}`, "max ≤ 100 ms",
    result.keystroke.ms.max <= TARGETS.keyLatencyMaxMs],
  ["Release binary", mb(result.binary.bytes), `${(result.binary.bytes / 1048576).toFixed(1)} MiB`, "≤ 20 MB",
    result.binary.bytes <= TARGETS.binaryBytes],
  ["Memory after a full session, RSS total", mb(result.memory.rss),
    `app ${mb(result.memory.appRss)} + WebKit ${mb(result.memory.webkitRss)}`, "≤ 250 MB", result.memory.rss <= TARGETS.memoryBytes],
  ["Memory after a full session, PSS total", mb(result.memory.pss), "shared pages counted once", "", null],
];
if (result.floor) {
  checks.push(
    ["  a blank window of the same engine, PSS", mb(result.floor.pss),
      `RSS ${mb(result.floor.rss)}`, "", null],
    ["  what Phiên adds to it, PSS", mb(result.memory.pss - result.floor.pss),
      `RSS ${mb(result.memory.rss - result.floor.rss)}`, "", null],
  );
}
result.pass = checks.every((c) => c[4] !== false);

console.log("");
const widths = [0, 1, 2, 3].map((i) => Math.max(...checks.map((c) => String(c[i]).length)));
for (const c of checks) {
  const verdict = c[4] === null ? "" : c[4] ? "ok" : "OVER";
  console.log(c.slice(0, 4).map((x, i) => String(x).padEnd(widths[i])).join("  ") + "  " + verdict);
}
console.log("");
for (const p of result.memory.processes) {
  console.log(`  pid ${p.pid} ${p.name}: RSS ${mb(p.rss)}, PSS ${mb(p.pss)} (anonymous ${mb(p.pssAnon)}, files ${mb(p.pssFile)})`);
  console.log(`    largest (PSS): ${p.top.map((t) => `${t.mapping} ${mb(t.pss)}`).join(", ")}`);
}
for (const p of result.floor?.processes ?? []) {
  console.log(`  blank window, pid ${p.pid} ${p.name}: RSS ${mb(p.rss)}, PSS ${mb(p.pss)} (anonymous ${mb(p.pssAnon)}, files ${mb(p.pssFile)})`);
  console.log(`    largest (PSS): ${p.top.map((t) => `${t.mapping} ${mb(t.pss)}`).join(", ")}`);
}
console.log(`  PSS after each step: ${result.memorySteps.map((m) => `${m.after} ${mb(m.pss)} (anonymous ${mb(m.pssAnon)}${m.anonByProcess ? `: ${m.anonByProcess.map(mb).join(" + ")}` : ""})`).join("; ")}`);
console.log(`\nmeasure: ${Math.round(result.elapsedMs / 1000)} s; ${result.pass ? "every target met" : "a target was missed"}`);

mkdirSync(join(root, "target"), { recursive: true });
writeFileSync(join(root, "target/measure-app.json"), JSON.stringify(result, null, 2) + "\n");
console.log("measure: wrote target/measure-app.json");
// A missed target is a result, not a failure of the run: scripts/measure-app
// reads `pass` from the JSON for its exit status (and e2e/run.sh, seeing 0,
// removes its temporary folder).
process.exit(0);
