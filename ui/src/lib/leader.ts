// Group leader mode: the signed-in leader's figures, which leader screen is
// shown, and the checks of a receipt (biên lai 01/BL) as the leader types it.
// While a leader is signed in the shell refuses every officer command
// (`leader_mode`), so the app shows only the leader screens.
import { signal } from "@preact/signals";
import { leaderIpc, type IpcError, type LeaderHome, type LeaderMember, type LeaderReceipt } from "./ipc";
import { formatDong, parseDong } from "./format";
import { t } from "../i18n";

/** The signed-in leader's home; null when no leader is signed in (officer mode). */
export const leaderHome = signal<LeaderHome | null>(null);
export const leaderError = signal<IpcError | null>(null);

export type LeaderView =
  | { name: "members" }
  | { name: "receipts" }
  | { name: "receipt"; receipt: LeaderReceipt; back: "members" | "receipts" };

export const leaderView = signal<LeaderView>({ name: "members" });

/** Reloads the leader's home; a `not_signed_in` answer ends leader mode. */
export async function loadLeaderHome(): Promise<void> {
  try {
    leaderHome.value = await leaderIpc.home();
    leaderError.value = null;
  } catch (e) {
    const err = e as IpcError;
    if (err.code === "not_signed_in") leaderHome.value = null;
    else leaderError.value = err;
  }
}

/** The message for a sign-in refusal: our own words for the known codes. */
export function signInMessage(e: IpcError, code: string): string {
  switch (e.code) {
    case "wrong_pin":
      return t("leader.err.wrongPin");
    case "not_found":
      return t("leader.err.notFound", { code });
    case "not_group_leader":
      return t("leader.err.notLeader", { code });
    case "invalid_input":
      return t("leader.err.codePin");
    default:
      return e.message;
  }
}

/** The message for a refused void. */
export function voidMessage(e: IpcError): string {
  switch (e.code) {
    case "reason_required":
      return t("leader.err.reason");
    case "receipt_settled":
      return t("leader.err.settled");
    case "receipt_voided":
      return t("leader.err.voided");
    case "not_signed_in":
      return t("leader.err.notSignedIn");
    default:
      return e.message;
  }
}

/** A store row code of a refused receipt, in our words. */
export function receiptRowMessage(code: string, m: LeaderMember, minDeposit: number, fallback: string): string {
  switch (code) {
    case "overpayment":
      return t("leader.err.interestOver", { max: formatDong(Math.max(0, m.interestCeiling - m.receiptedInterest)) });
    case "deposit_below_minimum":
      return t("err.depositMin", { min: formatDong(minDeposit) });
    case "empty_receipt":
      return t("leader.err.empty");
    case "negative_amount":
      return t("err.negative");
    default:
      return fallback;
  }
}

/** What the leader may still receipt as interest this month. */
export function interestRoom(m: LeaderMember): number {
  return Math.max(0, m.interestCeiling - m.receiptedInterest);
}

/** The interest a new receipt starts with: what is due at the session, less what is already receipted. */
export function interestPrefill(m: LeaderMember): number {
  return Math.max(0, m.interestDue - m.receiptedInterest);
}

export type ReceiptCheck = {
  interest: number;
  savingsDeposit: number;
  total: number;
  errors: { interest?: string; savingsDeposit?: string; form?: string };
  ok: boolean;
};

/** Parses and checks a receipt being typed; invalid amounts count as zero. */
export function checkReceipt(m: LeaderMember, interestText: string, depositText: string, minDeposit: number): ReceiptCheck {
  const errors: ReceiptCheck["errors"] = {};
  const amount = (text: string, field: "interest" | "savingsDeposit"): number => {
    const p = parseDong(text);
    if (p.ok) return p.value;
    if (p.error.code !== "empty") errors[field] = p.error.code === "negative" ? t("err.negative") : t("err.wholeDong");
    return 0;
  };
  const interest = amount(interestText, "interest");
  const savingsDeposit = amount(depositText, "savingsDeposit");
  const room = interestRoom(m);
  if (!errors.interest && interest > room) errors.interest = t("leader.err.interestOver", { max: formatDong(room) });
  if (!errors.savingsDeposit && savingsDeposit > 0 && savingsDeposit < minDeposit) {
    errors.savingsDeposit = t("err.depositMin", { min: formatDong(minDeposit) });
  }
  if (!errors.interest && !errors.savingsDeposit && interest === 0 && savingsDeposit === 0) {
    errors.form = t("leader.err.empty");
  }
  const ok = !errors.interest && !errors.savingsDeposit && !errors.form;
  return { interest, savingsDeposit, total: interest + savingsDeposit, errors, ok };
}

/** Per member, the sums of a set of receipts (what the leader's handover says). */
export type ReceiptSums = { interest: number; savingsDeposit: number; receiptNos: string[]; ids: string[] };

export function sumsByMember(receipts: LeaderReceipt[]): Map<string, ReceiptSums> {
  const out = new Map<string, ReceiptSums>();
  for (const r of receipts) {
    const s = out.get(r.memberId) ?? { interest: 0, savingsDeposit: 0, receiptNos: [], ids: [] };
    s.interest += r.interest;
    s.savingsDeposit += r.savingsDeposit;
    s.receiptNos.push(r.receiptNo);
    s.ids.push(r.id);
    out.set(r.memberId, s);
  }
  return out;
}
