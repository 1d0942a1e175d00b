// The rules of one row of mẫu 13/TD as the officer types it: parse each cell,
// check it against the member's figures, and add up the cash. Pure functions,
// so the grid can recompute one row per keystroke.
import { formatDong, groupThousands, parseDong } from "./format";
import type { CollectionRow, MemberDue } from "./ipc";
import { t } from "../i18n";

export const AMOUNT_FIELDS = [
  "interest",
  "principal",
  "savingsDeposit",
  "savingsWithdrawal",
  "interestFromSavings",
] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];
export type Field = AmountField | "receiptNo";
export const FIELDS: readonly Field[] = [...AMOUNT_FIELDS, "receiptNo"];

/**
 * The default minimum savings deposit (policy `min_savings_deposit`). The
 * shell sends the point's own value with each list (`minSavingsDeposit`);
 * this is only the fallback for a caller that has none.
 */
export const MIN_SAVINGS_DEPOSIT = 5000;

/** The store names fields by their Vietnamese 13/TD column. */
const STORE_FIELDS: Record<string, Field> = {
  "Thu lãi": "interest",
  "Thu nợ gốc": "principal",
  "Gửi tiết kiệm": "savingsDeposit",
  "Rút tiết kiệm": "savingsWithdrawal",
  "Thu lãi từ tiết kiệm": "interestFromSavings",
  "Số biên lai": "receiptNo",
};

/** The cell a store error points at; null for a row-level error ("Tổ viên"). */
export function fieldOfStoreName(name: string): Field | null {
  const direct = STORE_FIELDS[name.trim()];
  if (direct) return direct;
  if ((FIELDS as readonly string[]).includes(name)) return name as Field;
  return null;
}

export type Texts = Record<Field, string>;
export type Amounts = Record<AmountField, number>;
export type CellErrors = Partial<Record<Field, string>>;

export function emptyTexts(): Texts {
  return { interest: "", principal: "", savingsDeposit: "", savingsWithdrawal: "", interestFromSavings: "", receiptNo: "" };
}

export type RowCheck = { amounts: Amounts; errors: CellErrors; cash: number; empty: boolean };

/**
 * Parses and checks one row. Invalid cells count as zero in the amounts.
 * `minDeposit` is the point's minimum savings deposit (the list's `minSavingsDeposit`).
 */
export function checkRow(m: MemberDue, texts: Texts, minDeposit: number = MIN_SAVINGS_DEPOSIT): RowCheck {
  const errors: CellErrors = {};
  const amounts = { interest: 0, principal: 0, savingsDeposit: 0, savingsWithdrawal: 0, interestFromSavings: 0 } as Amounts;
  for (const f of AMOUNT_FIELDS) {
    const p = parseDong(texts[f]);
    if (p.ok) amounts[f] = p.value;
    else if (p.error.code !== "empty") {
      errors[f] = p.error.code === "negative" ? t("err.negative") : t("err.wholeDong");
    }
  }
  const a = amounts;
  if (!errors.interest && a.interest > m.interestCeiling) {
    errors.interest = t("err.interestOver", { max: formatDong(m.interestCeiling) });
  } else if (!errors.interest && !errors.interestFromSavings && a.interest + a.interestFromSavings > m.interestCeiling) {
    errors.interestFromSavings = t("err.interestOver", { max: formatDong(m.interestCeiling) });
  }
  if (!errors.principal && a.principal > m.outstanding) {
    errors.principal = t("err.principalOver", { max: formatDong(m.outstanding) });
  }
  if (!errors.savingsDeposit && a.savingsDeposit > 0 && a.savingsDeposit < minDeposit) {
    errors.savingsDeposit = t("err.depositMin", { min: formatDong(minDeposit) });
  }
  const available = m.savingsBalance + (errors.savingsDeposit ? 0 : a.savingsDeposit);
  if (!errors.savingsWithdrawal && a.savingsWithdrawal > available) {
    errors.savingsWithdrawal = t("err.savingsShort", { have: formatDong(available) });
  } else if (
    !errors.savingsWithdrawal &&
    !errors.interestFromSavings &&
    a.savingsWithdrawal + a.interestFromSavings > available
  ) {
    errors.interestFromSavings = t("err.savingsShort", { have: formatDong(available) });
  }
  if (texts.receiptNo.trim().length > 40) errors.receiptNo = t("err.receiptLong");
  const cash = a.interest + a.principal + a.savingsDeposit - a.savingsWithdrawal;
  const empty = AMOUNT_FIELDS.every((f) => a[f] === 0);
  return { amounts, errors, cash, empty };
}

/** What the store receives for a row, or null when nothing was collected. */
export function toCollectionRow(memberId: string, check: RowCheck, texts: Texts): CollectionRow | null {
  if (check.empty) return null;
  const receipt = texts.receiptNo.trim();
  return { memberId, ...check.amounts, receiptNo: receipt === "" ? null : receipt };
}

/** How a committed cell is shown: amounts grouped (`150.000`), zero blank, bad text kept. */
export function normaliseCell(field: Field, text: string): string {
  if (field === "receiptNo") return text.trim();
  const p = parseDong(text);
  if (!p.ok) return p.error.code === "empty" ? "" : text;
  return p.value === 0 ? "" : groupThousands(p.value);
}

export function amountText(n: number): string {
  return n === 0 ? "" : groupThousands(n);
}

// ---- Draft: typed input survives a crash, a reload or a closed laptop lid.

export type Draft = {
  v: 1;
  savedAt: number;
  rows: Record<string, Texts>;
  handedOver: string;
  note: string;
  /** Ids of the group leader's receipts the list was taken from, if any. */
  leaderReceipts?: string[] | null;
};

export function draftKey(groupId: string, date: string): string {
  return `phien.draft.${groupId}.${date}`;
}

export function readDraft(groupId: string, date: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(groupId, date));
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    if (d?.v !== 1 || typeof d.rows !== "object" || d.rows === null) return null;
    return d;
  } catch {
    return null;
  }
}

export function writeDraft(groupId: string, date: string, d: Omit<Draft, "v" | "savedAt">): void {
  const hasContent =
    d.handedOver.trim() !== "" ||
    d.note.trim() !== "" ||
    (d.leaderReceipts?.length ?? 0) > 0 ||
    Object.values(d.rows).some((r) => FIELDS.some((f) => (r[f] ?? "").trim() !== ""));
  try {
    if (hasContent) {
      localStorage.setItem(draftKey(groupId, date), JSON.stringify({ v: 1, savedAt: Date.now(), ...d }));
    } else {
      localStorage.removeItem(draftKey(groupId, date));
    }
  } catch {
    /* storage full or disabled: the grid still works */
  }
}

export function clearDraft(groupId: string, date: string): void {
  try {
    localStorage.removeItem(draftKey(groupId, date));
  } catch {
    /* ignore */
  }
}
