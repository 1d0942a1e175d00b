// The counter of an open session: transactions the team takes directly from
// (or pays directly to) one member: principal repaid (thu nợ gốc trực tiếp),
// savings deposited or withdrawn, and a new loan paid out (giải ngân). Find
// the member, pick the loan, type the amount, Enter records it; the session's
// totals and the cash expected at the close follow each entry.
import { useEffect, useRef, useState } from "preact/hooks";
import { ipc, type CounterMember, type IpcError, type Member, type Session } from "../lib/ipc";
import { actor, staff } from "../lib/state";
import { formatDate, formatDong } from "../lib/format";
import {
  checkCounter,
  COUNTER_ACTIONS,
  defaultLoanId,
  emptyCounterForm,
  repayableLoans,
  type CounterAction,
  type CounterField,
  type CounterForm,
} from "../lib/counter";
import { lang, t, type Key } from "../i18n";
import { Banner, ErrorBanner, Loading } from "../components";
import { AmountInput } from "../inputs";

/** Refusals the panel explains in the officer's language; the store's message follows as the detail. */
const REFUSALS = [
  "no_session",
  "session_closed",
  "overpayment",
  "savings_below_zero",
  "deposit_below_minimum",
  "invalid_amount",
  "account_exists",
  "invalid_field",
  "not_found",
] as const;

function refusalKey(code: string): Key | null {
  return (REFUSALS as readonly string[]).includes(code) ? (`counter.refused.${code}` as Key) : null;
}

function actionLabel(a: CounterAction): string {
  return t(`counter.action.${a}` as Key);
}

type Props = { session: Session; onUpdated: (s: Session) => void };

export function CounterPanel({ session, onUpdated }: Props) {
  const [memberId, setMemberId] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section class="panel no-print counter" id="counter">
      <h2>{t("counter.title")}</h2>
      <p class="muted small">{t("counter.intro")}</p>
      {done && <Banner kind="ok">{done}</Banner>}
      {memberId === null ? (
        <MemberFinder
          onPick={(id) => {
            setDone(null);
            setMemberId(id);
          }}
        />
      ) : (
        <CounterForm
          key={memberId}
          session={session}
          memberId={memberId}
          onDone={(s, message) => {
            setDone(message);
            onUpdated(s);
          }}
          onOther={() => {
            setDone(null);
            setMemberId(null);
          }}
        />
      )}
    </section>
  );
}

function MemberFinder({ onPick }: { onPick: (memberId: string) => void }) {
  const [q, setQ] = useState("");
  const [results, setResults] = useState<{ q: string; members: Member[] } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const seq = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  async function run(query: string) {
    const text = query.trim();
    if (text.length < 2) {
      setResults(null);
      return;
    }
    const mine = ++seq.current;
    try {
      const members = await ipc.search(text);
      if (mine === seq.current) {
        setResults({ q: text, members });
        setError(null);
      }
    } catch (e) {
      if (mine === seq.current) setError(e as IpcError);
    }
  }

  const focusResult = (i: number) => {
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>("button");
    if (!buttons || buttons.length === 0) return;
    buttons[Math.max(0, Math.min(buttons.length - 1, i))].focus();
  };

  return (
    <div class="counter-find">
      <label for="counter-search">{t("counter.find")}</label>
      <input
        id="counter-search"
        type="search"
        autoComplete="off"
        spellcheck={false}
        placeholder={t("search.placeholder")}
        value={q}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          setQ(v);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => void run(v), 250);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            focusResult(0);
          } else if (e.key === "Enter") {
            e.preventDefault();
            // Enter picks the only (or first) match once the search has answered.
            if (results && results.q === q.trim() && results.members.length > 0) onPick(results.members[0].memberId);
            else {
              window.clearTimeout(timer.current);
              void run(q);
            }
          }
        }}
      />
      <span class="hint">{t("counter.findHint")}</span>
      <ErrorBanner error={error} />
      {results &&
        (results.members.length === 0 ? (
          <p class="muted">{t("search.none", { q: results.q })}</p>
        ) : (
          <ul class="counter-results" id="counter-results" ref={list}>
            {results.members.map((m, i) => (
              <li key={m.memberId}>
                <button
                  type="button"
                  class="btn btn-link"
                  data-member={m.memberId}
                  onClick={() => onPick(m.memberId)}
                  onKeyDown={(e) => {
                    if (e.key === "ArrowDown") {
                      e.preventDefault();
                      focusResult(i + 1);
                    } else if (e.key === "ArrowUp") {
                      e.preventDefault();
                      if (i === 0) document.getElementById("counter-search")?.focus();
                      else focusResult(i - 1);
                    }
                  }}
                >
                  <strong>{m.fullName}</strong> · {m.customerCode}
                  {m.citizenId ? ` · ${m.citizenId}` : ""} · {m.village}
                </button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

type FormProps = {
  session: Session;
  memberId: string;
  onDone: (s: Session, message: string) => void;
  onOther: () => void;
};

function CounterForm({ session, memberId, onDone, onOther }: FormProps) {
  const [c, setC] = useState<CounterMember | null>(null);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [form, setForm] = useState<CounterForm>(emptyCounterForm());
  const [who, setWho] = useState<string>(actor.value);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const amountRef = useRef<HTMLDivElement>(null);

  const focusAmount = () =>
    window.setTimeout(() => amountRef.current?.querySelector<HTMLInputElement>("input")?.focus(), 0);

  async function load(first: boolean) {
    try {
      const next = await ipc.counterMember(memberId, session.date);
      setC(next);
      setLoadError(null);
      if (first) {
        const action: CounterAction = repayableLoans(next).length > 0 ? "principal_repayment" : "savings_deposit";
        setForm({ ...emptyCounterForm(action), loanId: defaultLoanId(next), programCode: next.programs[0]?.code ?? "" });
        focusAmount();
      } else {
        setForm((f) => ({ ...f, loanId: repayableLoans(next).some((l) => l.loanId === f.loanId) ? f.loanId : defaultLoanId(next) }));
      }
    } catch (e) {
      setLoadError(e as IpcError);
    }
  }

  useEffect(() => {
    void load(true);
  }, [memberId, session.date]);

  // The recorder chosen in the header, until someone else is picked here.
  useEffect(() => {
    if (who === "" && actor.value) setWho(actor.value);
  }, [actor.value]);

  if (loadError) return <ErrorBanner error={loadError} onRetry={() => void load(true)} />;
  if (!c) return <Loading />;

  const check = checkCounter(c, form);
  const shown = (field: CounterField) => check.errors[field] ?? (tried ? check.missing[field] : undefined);
  const set = (patch: Partial<CounterForm>) => {
    setError(null);
    setForm({ ...form, ...patch });
  };
  const cashAfter = session.expectedCash + check.cash;
  const people = staff.value.filter((s) => s.role !== "system");
  const loans = repayableLoans(c);
  const loan = loans.find((l) => l.loanId === form.loanId);

  async function submit(e: Event) {
    e.preventDefault();
    setTried(true);
    if (busy || !check.ready || check.amount === null || !who) return;
    setBusy(true);
    setError(null);
    try {
      const receiptNo = form.receiptNo.trim() === "" ? null : form.receiptNo.trim();
      const receipt =
        form.action === "new_loan"
          ? await ipc.disburseLoan({
              actor: who,
              date: session.date,
              memberId,
              accountNo: form.accountNo.trim(),
              programCode: form.programCode,
              amount: check.amount,
              termMonths: Number(form.term.trim()),
              purpose: form.purpose.trim(),
              receiptNo,
            })
          : await ipc.recordCounterEntry({
              actor: who,
              date: session.date,
              memberId,
              kind: form.action,
              loanId: form.action === "principal_repayment" ? form.loanId : null,
              amount: check.amount,
              receiptNo,
            });
      const what = actionLabel(form.action);
      const account = receipt.entry.accountNo ? ` · ${t("counter.account")} ${receipt.entry.accountNo}` : "";
      onDone(
        receipt.session,
        t("counter.done", { what, amount: formatDong(receipt.entry.amount), name: c!.member.fullName }) + account,
      );
      setTried(false);
      setForm({ ...form, amount: "", receiptNo: "", accountNo: "", term: "", purpose: "" });
      await load(false);
      focusAmount();
    } catch (err) {
      const ipcErr = err as IpcError;
      setError(ipcErr);
      // The figures may have moved since they were read (another window, a reversal).
      void load(false);
    } finally {
      setBusy(false);
    }
  }

  const status = c.currentStatus;
  const hintId = "counter-amount-hint";
  let hint = "";
  if (form.action === "principal_repayment" && loan) {
    hint = t("counter.hint.principal", { outstanding: formatDong(loan.outstanding), due: formatDong(loan.principalDue) });
  } else if (form.action === "savings_deposit") hint = t("counter.hint.deposit", { min: formatDong(c.minSavingsDeposit) });
  else if (form.action === "savings_withdrawal") hint = t("counter.hint.withdrawal", { balance: formatDong(c.savingsBalance) });
  const refusal = error ? refusalKey(error.code) : null;

  return (
    <form class="form counter-form" id="counter-form" onSubmit={submit} noValidate>
      <div class="counter-member" data-testid="counter-member">
        <div>
          <strong>{c.member.fullName}</strong> · {c.member.customerCode} · {t("counter.group", { code: c.member.groupCode })} ·{" "}
          {c.member.village}
        </div>
        <div class="muted small">
          {t("counter.savings")}: <span data-testid="counter-savings">{formatDong(c.savingsBalance)}</span> ·{" "}
          {t("counter.loans", { n: loans.length })}
        </div>
        <button type="button" class="btn btn-small" id="counter-other" onClick={onOther}>
          {t("counter.other")}
        </button>
      </div>
      {status && (
        <Banner kind="warn">
          {t("counter.status", { label: status.label, date: formatDate(status.learnedOn) })}
        </Banner>
      )}

      <fieldset class="counter-actions">
        <legend>{t("counter.kind")}</legend>
        {COUNTER_ACTIONS.map((a) => (
          <label key={a} class="radio">
            <input
              type="radio"
              name="counter-action"
              value={a}
              id={`counter-action-${a}`}
              checked={form.action === a}
              onChange={() => set({ action: a })}
            />
            {actionLabel(a)}
          </label>
        ))}
      </fieldset>

      {form.action === "principal_repayment" && (
        <div class="field">
          <label for="counter-loan">{t("counter.loan")}</label>
          {loans.length === 0 ? (
            <span class="field-error" data-testid="counter-no-loan">
              {t("counter.noLoan")}
            </span>
          ) : (
            <select
              id="counter-loan"
              value={form.loanId}
              aria-invalid={shown("loan") ? "true" : undefined}
              onChange={(e) => set({ loanId: (e.currentTarget as HTMLSelectElement).value })}
            >
              {loans.map((l) => (
                <option key={l.loanId} value={l.loanId}>
                  {l.accountNo} · {l.programName} · {t("counter.outstanding")} {formatDong(l.outstanding)}
                  {l.overdue > 0 ? ` · ${t("counter.overdue")} ${formatDong(l.overdue)}` : ""}
                </option>
              ))}
            </select>
          )}
          {loans.length > 0 && shown("loan") && <span class="field-error">{shown("loan")}</span>}
        </div>
      )}

      {form.action === "new_loan" && (
        <>
          <div class="field">
            <label for="counter-account">{t("counter.accountNo")}</label>
            <input
              id="counter-account"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellcheck={false}
              value={form.accountNo}
              aria-invalid={shown("accountNo") ? "true" : undefined}
              onInput={(e) => set({ accountNo: (e.currentTarget as HTMLInputElement).value })}
            />
            {shown("accountNo") ? (
              <span class="field-error">{shown("accountNo")}</span>
            ) : (
              <span class="hint">{t("counter.accountHint")}</span>
            )}
          </div>
          <div class="field">
            <label for="counter-program">{t("counter.program")}</label>
            <select
              id="counter-program"
              value={form.programCode}
              aria-invalid={shown("programCode") ? "true" : undefined}
              onChange={(e) => set({ programCode: (e.currentTarget as HTMLSelectElement).value })}
            >
              <option value="">{t("session.pick")}</option>
              {c.programs.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.code} · {lang.value === "vi" ? p.name : p.nameEn}
                </option>
              ))}
            </select>
            {shown("programCode") && <span class="field-error">{shown("programCode")}</span>}
          </div>
          <div class="field">
            <label for="counter-term">{t("counter.term")}</label>
            <input
              id="counter-term"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={form.term}
              aria-invalid={shown("term") ? "true" : undefined}
              onInput={(e) => set({ term: (e.currentTarget as HTMLInputElement).value })}
            />
            {shown("term") ? (
              <span class="field-error">{shown("term")}</span>
            ) : (
              <span class="hint">
                {(() => {
                  const p = c.programs.find((x) => x.code === form.programCode);
                  return p ? t("counter.termHint", { every: p.installmentEveryMonths }) : "";
                })()}
              </span>
            )}
          </div>
          <div class="field">
            <label for="counter-purpose">{t("counter.purpose")}</label>
            <input
              id="counter-purpose"
              type="text"
              autoComplete="off"
              value={form.purpose}
              onInput={(e) => set({ purpose: (e.currentTarget as HTMLInputElement).value })}
            />
          </div>
        </>
      )}

      <div class="field" ref={amountRef}>
        <label for="counter-amount">{form.action === "new_loan" ? t("counter.loanAmount") : t("counter.amount")}</label>
        <AmountInput
          id="counter-amount"
          value={form.amount}
          onInput={(v) => set({ amount: v })}
          invalid={!!shown("amount")}
          describedBy={hintId}
        />
        {shown("amount") ? (
          <span class="field-error" id={hintId} data-testid="counter-amount-error">
            {shown("amount")}
          </span>
        ) : (
          <span class="hint" id={hintId}>
            {hint}
          </span>
        )}
      </div>

      <div class="field">
        <label for="counter-receipt">{t("counter.receipt")}</label>
        <input
          id="counter-receipt"
          type="text"
          autoComplete="off"
          value={form.receiptNo}
          aria-invalid={shown("receiptNo") ? "true" : undefined}
          onInput={(e) => set({ receiptNo: (e.currentTarget as HTMLInputElement).value })}
        />
        {shown("receiptNo") && <span class="field-error">{shown("receiptNo")}</span>}
      </div>

      <div class="field">
        <label for="counter-actor">{t("counter.who")}</label>
        <select id="counter-actor" value={who} onChange={(e) => setWho((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{t("actor.none")}</option>
          {people.map((s) => (
            <option key={s.code} value={s.code}>
              {s.code} · {s.fullName}
            </option>
          ))}
        </select>
        {tried && !who && <span class="field-error">{t("counter.err.whoRequired")}</span>}
      </div>

      <p class={cashAfter < 0 ? "field-error" : "muted"} data-testid="counter-cash-after">
        {t("counter.cashAfter", { amount: formatDong(cashAfter) })}
        {cashAfter < 0 ? ` ${t("counter.cashShort")}` : ""}
      </p>

      {error &&
        (refusal ? (
          <div class="banner banner-error" role="alert" data-code={error.code}>
            <strong>{t(refusal)}</strong> <span class="small">{error.message}</span>
          </div>
        ) : (
          <ErrorBanner error={error} />
        ))}

      <div class="actions">
        <button type="submit" class="btn btn-primary" id="counter-submit" disabled={busy}>
          {busy ? t("counter.saving") : t("counter.save", { what: actionLabel(form.action) })}
        </button>
      </div>
    </form>
  );
}
