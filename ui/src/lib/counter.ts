// The rules of one counter transaction as the officer types it (principal
// repaid directly, a savings deposit or withdrawal, a new loan paid out):
// parse the amount, check it against the member's figures as of the session
// day, and say what it does to the till. Pure functions, recomputed per key.
// The store checks the same things again on save (docs/ipc.md, "Counter").
import { formatDong, parseDong } from "./format";
import type { CounterLoan, CounterMember } from "./ipc";
import { t } from "../i18n";

export const COUNTER_ACTIONS = ["principal_repayment", "savings_deposit", "savings_withdrawal", "new_loan"] as const;
export type CounterAction = (typeof COUNTER_ACTIONS)[number];

export type CounterForm = {
  action: CounterAction;
  loanId: string;
  amount: string;
  accountNo: string;
  programCode: string;
  term: string;
  purpose: string;
  receiptNo: string;
};

export type CounterField = "loan" | "amount" | "accountNo" | "programCode" | "term" | "receiptNo";

export type CounterCheck = {
  /** Problems with what was typed; shown as you type. */
  errors: Partial<Record<CounterField, string>>;
  /** Required fields still blank; shown once the officer tries to save. */
  missing: Partial<Record<CounterField, string>>;
  /** The amount in đồng, when it parses and is positive. */
  amount: number | null;
  /** What the till gains (+) or pays out (−). */
  cash: number;
  ready: boolean;
};

/** The longest term typed for a new loan (the shell refuses beyond it: MAX_TERM_MONTHS). */
export const MAX_TERM_MONTHS = 240;

export function emptyCounterForm(action: CounterAction = "principal_repayment"): CounterForm {
  return { action, loanId: "", amount: "", accountNo: "", programCode: "", term: "", purpose: "", receiptNo: "" };
}

/** Loans a principal repayment can go to: those still owing principal. */
export function repayableLoans(c: CounterMember): CounterLoan[] {
  return c.loans.filter((l) => l.outstanding > 0);
}

/** The loan a repayment goes to unless the officer picks another: overdue first, then principal due, then the oldest. */
export function defaultLoanId(c: CounterMember): string {
  const loans = repayableLoans(c);
  const pick = loans.find((l) => l.overdue > 0) ?? loans.find((l) => l.principalDue > 0) ?? loans[0];
  return pick?.loanId ?? "";
}

export function checkCounter(c: CounterMember, f: CounterForm): CounterCheck {
  const errors: CounterCheck["errors"] = {};
  const missing: CounterCheck["missing"] = {};
  let amount: number | null = null;
  const p = parseDong(f.amount);
  if (p.ok) {
    if (p.value === 0) errors.amount = t("counter.err.zero");
    else amount = p.value;
  } else if (p.error.code === "empty") {
    missing.amount = t("counter.err.amountRequired");
  } else {
    errors.amount = p.error.code === "negative" ? t("err.negative") : t("err.amount");
  }

  switch (f.action) {
    case "principal_repayment": {
      const loan = repayableLoans(c).find((l) => l.loanId === f.loanId);
      if (!loan) missing.loan = t("counter.err.loanRequired");
      else if (amount !== null && amount > loan.outstanding) {
        errors.amount = t("counter.err.overRepayment", { max: formatDong(loan.outstanding), account: loan.accountNo });
      }
      break;
    }
    case "savings_deposit":
      if (amount !== null && amount < c.minSavingsDeposit) {
        errors.amount = t("err.depositMin", { min: formatDong(c.minSavingsDeposit) });
      }
      break;
    case "savings_withdrawal":
      if (amount !== null && amount > c.savingsBalance) {
        errors.amount = t("err.savingsShort", { have: formatDong(c.savingsBalance) });
      }
      break;
    case "new_loan": {
      const account = f.accountNo.trim();
      if (account === "") missing.accountNo = t("counter.err.accountRequired");
      else if (!/^\d+$/.test(account)) errors.accountNo = t("counter.err.accountDigits");
      else if (account.length > 20) errors.accountNo = t("counter.err.accountLong");
      else if (c.loans.some((l) => l.accountNo === account)) errors.accountNo = t("counter.err.accountExists");
      if (!c.programs.some((x) => x.code === f.programCode)) missing.programCode = t("counter.err.programRequired");
      const term = f.term.trim();
      if (term === "") missing.term = t("counter.err.termRequired");
      else if (!/^\d+$/.test(term) || Number(term) < 1 || Number(term) > MAX_TERM_MONTHS) {
        errors.term = t("counter.err.term", { max: MAX_TERM_MONTHS });
      }
      break;
    }
  }
  if (f.receiptNo.trim().length > 40) errors.receiptNo = t("err.receiptLong");

  const sign = f.action === "savings_withdrawal" || f.action === "new_loan" ? -1 : 1;
  const cash = amount === null || errors.amount ? 0 : sign * amount;
  const ready = Object.keys(errors).length === 0 && Object.keys(missing).length === 0 && amount !== null;
  return { errors, missing, amount, cash, ready };
}
