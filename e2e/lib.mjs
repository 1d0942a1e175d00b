// Helpers shared by the real-window tests and screens.mjs: a WebDriver session
// on the real app through tauri-driver (started by run.sh), and waits on DOM text.
import { remote } from "webdriverio";

export const APP = process.env.PHIEN_APP;
export const PORT = Number(process.env.PHIEN_E2E_PORT ?? 4444);
/** The app creates the demo commune on first start before it shows its window. */
export const START_TIMEOUT = 120_000;
export const WAIT = 20_000;

if (!APP || !process.env.PHIEN_DB) {
  throw new Error("run through e2e/run.sh (it sets PHIEN_APP, PHIEN_DB, PHIEN_TODAY and starts tauri-driver)");
}

/** Starts the app (a new WebDriver session) and waits for the home screen. */
export async function startApp() {
  const t0 = Date.now();
  const browser = await remote({
    hostname: "127.0.0.1",
    port: PORT,
    logLevel: "warn",
    connectionRetryTimeout: START_TIMEOUT,
    connectionRetryCount: 0,
    waitforTimeout: WAIT,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP },
    },
  });
  try {
    await waitText(browser, '[data-testid="today"]', "15/12/2026", START_TIMEOUT);
  } catch (e) {
    await browser.deleteSession().catch(() => {});
    throw e;
  }
  return { browser, startedIn: Date.now() - t0 };
}

/** Ends the WebDriver session, which closes the app. */
export async function stopApp(browser) {
  if (browser) await browser.deleteSession().catch(() => {});
}

/** Waits until `selector` exists and its text contains `text` (or matches it, for a RegExp). */
export async function waitText(browser, selector, text, timeout = WAIT) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const el = await browser.$(selector);
      if (!(await el.isExisting())) return false;
      last = await el.getText();
      return typeof text === "string" ? last.includes(text) : text.test(last);
    },
    { timeout, interval: 100, timeoutMsg: `«${selector}» should show «${text}», shows «${last}»` },
  );
  return last;
}

/** Text of an element, waiting for it to exist. */
export async function textOf(browser, selector, timeout = WAIT) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout });
  return el.getText();
}

/** Navigates with the app's own menu (a link of the side navigation). */
export async function nav(browser, hash) {
  const link = await browser.$(`#sidenav a[href="${hash}"]`);
  await link.waitForClickable();
  await link.click();
}

/** Chooses the recorder ("Người ghi") in the header. */
export async function pickRecorder(browser, code) {
  const select = await browser.$("#actor");
  await browser.waitUntil(async () => (await browser.$$(`#actor option[value="${code}"]`).length) > 0, {
    timeoutMsg: `staff ${code} not in the recorder list`,
  });
  await select.selectByAttribute("value", code);
  await browser.waitUntil(async () => (await select.getValue()) === code, { timeoutMsg: `recorder is not ${code}` });
}

/**
 * Types `text` key by key (each key pressed and released before the next:
 * `browser.keys([..."20000"])` presses all keys down first, so repeated
 * characters are lost).
 */
export async function typeKeys(browser, text) {
  const a = browser.action("key");
  for (const ch of text) a.down(ch).up(ch);
  await a.perform();
}

/** `1250000` → `1.250.000 ₫`, as the UI shows amounts. */
export function dong(n) {
  const digits = String(Math.abs(n));
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ".";
    out += digits[i];
  }
  return `${n < 0 ? "-" : ""}${out} ₫`;
}

/** `1.250.000 ₫` (or `1.250.000`, or empty) → 1250000. */
export function parseDong(text) {
  const s = text.replace(/[^\d-]/g, "");
  return s === "" ? 0 : Number(s);
}

/** Waits two animation frames and 300 ms, so a screenshot shows what the DOM says (tauri-notes §6). */
export async function settle(browser) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(300);
}
