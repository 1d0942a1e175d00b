// The borrower screen's forms: a status event (moved away, returned,
// deceased, missing), a tracing request and its answer, and a risk-handling
// decision (extension, freeze, write-off). Each calls its command and then
// `onChanged`, which reloads the statement so the timeline shows the change.
import { useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import {
  formsIpc,
  type DecisionLine,
  type IpcError,
  type RiskMeasureCode,
  type Statement,
  type Trace,
} from "../lib/ipc";
import { actor, home } from "../lib/state";
import { formatDate, formatDong } from "../lib/format";
import { codeLabel, t, type Key } from "../i18n";
import { Banner, ErrorBanner } from "../components";
import { AmountInput, amountOf } from "../inputs";
import { checkDate, dateText, Field, focusFirstInvalid } from "../formkit";

const STATUS_KINDS = ["moved_away", "returned", "deceased", "missing"] as const;
const AGENCIES = ["police", "social_insurance", "tax", "other"] as const;
const MEASURES: RiskMeasureCode[] = ["extension", "freeze", "write_off"];

/** A decision's detail in the current language, from its figures (the store's Vietnamese text otherwise). */
export function decisionDetail(d: DecisionLine): string {
  if (d.measureCode === "extension" && d.newDueOn) {
    return d.installmentSeq != null
      ? t("decision.extensionOne", { seq: d.installmentSeq, date: formatDate(d.newDueOn) })
      : t("decision.extensionAll", { date: formatDate(d.newDueOn) });
  }
  if (d.measureCode === "freeze" && d.frozenFrom) {
    return d.frozenUntil
      ? t("decision.freeze", { from: formatDate(d.frozenFrom), until: formatDate(d.frozenUntil) })
      : t("decision.freezeOpen", { from: formatDate(d.frozenFrom) });
  }
  if (d.measureCode === "write_off" && d.principal != null && d.interest != null) {
    return t("decision.writeOff", { principal: formatDong(d.principal), interest: formatDong(d.interest) });
  }
  return d.detail;
}

const today = () => home.value?.today ?? null;

/** Shared state of a form: tried, busy, the command's error, and submit plumbing. */
function useSubmit(box: { current: HTMLFormElement | null }) {
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  async function run(nProblems: number, call: () => Promise<void>) {
    setTried(true);
    if (busy || !actor.value) return;
    if (nProblems > 0) {
      setTimeout(() => focusFirstInvalid(box.current), 0);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call();
      setTried(false);
    } catch (e) {
      setError(e as IpcError);
    } finally {
      setBusy(false);
    }
  }
  return { tried, busy, error, run };
}

function FormShell({
  id,
  title,
  busy,
  error,
  submitLabel,
  onSubmit,
  boxRef,
  children,
}: {
  id: string;
  title: string;
  busy: boolean;
  error: IpcError | null;
  submitLabel: string;
  onSubmit: () => void;
  boxRef: { current: HTMLFormElement | null };
  children: ComponentChildren;
}) {
  return (
    <details class="panel" id={`${id}-panel`}>
      <summary>{title}</summary>
      <form
        ref={boxRef}
        class="form"
        id={id}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {!actor.value && (
          <p class="field-error" role="alert">
            {t("actor.required")}
          </p>
        )}
        <ErrorBanner error={error} />
        {children}
        <div class="actions">
          <button type="submit" class="btn btn-primary" id={`${id}-submit`} disabled={busy || !actor.value}>
            {busy ? t("form.submitting") : submitLabel}
          </button>
        </div>
      </form>
    </details>
  );
}

export function BorrowerForms({ st, onChanged }: { st: Statement; onChanged: () => Promise<void> | void }) {
  const [flash, setFlash] = useState<string | null>(null);
  const done = async (message: string) => {
    setFlash(message);
    await onChanged();
  };
  const current = st.currentStatus;
  const traceable = current && (current.kind === "moved_away" || current.kind === "missing") && current.eventId;
  const unanswered = st.traces.filter((x) => !x.answer && x.traceId);
  return (
    <section class="borrower-forms no-print" id="borrower-forms">
      <h2>{t("forms.title")}</h2>
      {flash && <Banner kind="ok">{flash}</Banner>}
      <StatusForm st={st} onDone={done} />
      {traceable && <TraceForm eventId={current.eventId as string} onDone={done} />}
      {unanswered.map((x) => (
        <AnswerForm key={x.traceId} trace={x} onDone={done} />
      ))}
      <RiskForm st={st} onDone={done} />
    </section>
  );
}

function StatusForm({ st, onDone }: { st: Statement; onDone: (m: string) => Promise<void> }) {
  const box = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<string>("moved_away");
  const [date, setDate] = useState(dateText(today()));
  const [destination, setDestination] = useState("");
  const [source, setSource] = useState("");
  const [note, setNote] = useState("");
  const { tried, busy, error, run } = useSubmit(box);
  const when = checkDate(date, today());
  const problems = {
    date: when.error,
    destination: kind === "moved_away" && !destination.trim() ? t("statusForm.err.destination") : null,
    source: !source.trim() ? t("statusForm.err.source") : null,
  };
  const n = Object.values(problems).filter(Boolean).length;
  const show = (p: string | null) => (tried ? p : null);
  const inv = (p: string | null) => (tried && p ? "true" : undefined);
  return (
    <FormShell
      id="status-form"
      title={t("statusForm.open")}
      busy={busy}
      error={error}
      submitLabel={t("statusForm.submit")}
      boxRef={box}
      onSubmit={() =>
        void run(n, async () => {
          await formsIpc.addStatusEvent({
            actor: actor.value,
            memberId: st.member.memberId,
            kind,
            learnedOn: when.iso as string,
            destination: kind === "moved_away" || kind === "missing" ? destination.trim() || null : null,
            source: source.trim(),
            note: note.trim() || null,
          });
          setDestination("");
          setSource("");
          setNote("");
          await onDone(t("statusForm.saved", { kind: t(`statusForm.kind.${kind}` as Key), date: formatDate(when.iso as string) }));
        })
      }
    >
      <div class="form-row">
        <Field id="status-kind" label={t("statusForm.kind")}>
          <select id="status-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
            {STATUS_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`statusForm.kind.${k}` as Key)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="status-date" label={t("statusForm.learnedOn")} error={show(problems.date)}>
          <input
            id="status-date"
            type="text"
            inputMode="numeric"
            placeholder="dd/mm/yyyy"
            value={date}
            aria-invalid={inv(problems.date)}
            onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
      </div>
      {(kind === "moved_away" || kind === "missing") && (
        <Field
          id="status-destination"
          label={t("statusForm.destination")}
          hint={t("statusForm.destinationHint")}
          error={show(problems.destination)}
        >
          <input
            id="status-destination"
            type="text"
            value={destination}
            aria-invalid={inv(problems.destination)}
            onInput={(e) => setDestination((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
      )}
      <Field id="status-source" label={t("statusForm.source")} error={show(problems.source)}>
        <input
          id="status-source"
          type="text"
          placeholder={t("statusForm.sourcePlaceholder")}
          value={source}
          aria-invalid={inv(problems.source)}
          onInput={(e) => setSource((e.currentTarget as HTMLInputElement).value)}
        />
      </Field>
      <Field id="status-note" label={t("statusForm.note")}>
        <input id="status-note" type="text" value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
      </Field>
    </FormShell>
  );
}

function TraceForm({ eventId, onDone }: { eventId: string; onDone: (m: string) => Promise<void> }) {
  const box = useRef<HTMLFormElement>(null);
  const [agency, setAgency] = useState<string>("police");
  const [date, setDate] = useState(dateText(today()));
  const { tried, busy, error, run } = useSubmit(box);
  const when = checkDate(date, today());
  const label = (a: string) => codeLabel("agency", a, t(`agency.${a}` as Key));
  return (
    <FormShell
      id="trace-form"
      title={t("traceForm.open")}
      busy={busy}
      error={error}
      submitLabel={t("traceForm.submit")}
      boxRef={box}
      onSubmit={() =>
        void run(when.error ? 1 : 0, async () => {
          await formsIpc.addTrace({ actor: actor.value, eventId, agency, askedOn: when.iso as string });
          await onDone(t("traceForm.saved", { agency: label(agency) }));
        })
      }
    >
      <div class="form-row">
        <Field id="trace-agency" label={t("traceForm.agency")}>
          <select id="trace-agency" value={agency} onChange={(e) => setAgency((e.currentTarget as HTMLSelectElement).value)}>
            {AGENCIES.map((a) => (
              <option key={a} value={a}>
                {label(a)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="trace-date" label={t("traceForm.askedOn")} error={tried ? when.error : null}>
          <input
            id="trace-date"
            type="text"
            inputMode="numeric"
            placeholder="dd/mm/yyyy"
            value={date}
            aria-invalid={tried && when.error ? "true" : undefined}
            onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
      </div>
    </FormShell>
  );
}

function AnswerForm({ trace, onDone }: { trace: Trace; onDone: (m: string) => Promise<void> }) {
  const box = useRef<HTMLFormElement>(null);
  const [answer, setAnswer] = useState("");
  const [date, setDate] = useState(dateText(today()));
  const { tried, busy, error, run } = useSubmit(box);
  const when = checkDate(date, today());
  const agency = codeLabel("agency", trace.agency, trace.agencyLabel);
  const problems = {
    answer: !answer.trim() ? t("answerForm.err.answer") : null,
    date: when.error ?? (when.iso && when.iso < trace.askedOn ? t("answerForm.err.before", { date: formatDate(trace.askedOn) }) : null),
  };
  const n = Object.values(problems).filter(Boolean).length;
  const id = `answer-${trace.traceId}`;
  return (
    <FormShell
      id={id}
      title={t("answerForm.title", { agency, date: formatDate(trace.askedOn) })}
      busy={busy}
      error={error}
      submitLabel={t("answerForm.submit")}
      boxRef={box}
      onSubmit={() =>
        void run(n, async () => {
          await formsIpc.answerTrace({
            actor: actor.value,
            traceId: trace.traceId as string,
            answer: answer.trim(),
            answeredOn: when.iso as string,
          });
          await onDone(t("answerForm.saved", { agency }));
        })
      }
    >
      <Field id={`${id}-text`} label={t("answerForm.answer")} error={tried ? problems.answer : null}>
        <input
          id={`${id}-text`}
          class="answer-text"
          type="text"
          value={answer}
          aria-invalid={tried && problems.answer ? "true" : undefined}
          onInput={(e) => setAnswer((e.currentTarget as HTMLInputElement).value)}
        />
      </Field>
      <Field id={`${id}-date`} label={t("answerForm.answeredOn")} error={tried ? problems.date : null}>
        <input
          id={`${id}-date`}
          class="answer-date"
          type="text"
          inputMode="numeric"
          placeholder="dd/mm/yyyy"
          value={date}
          aria-invalid={tried && problems.date ? "true" : undefined}
          onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
        />
      </Field>
    </FormShell>
  );
}

function RiskForm({ st, onDone }: { st: Statement; onDone: (m: string) => Promise<void> }) {
  const box = useRef<HTMLFormElement>(null);
  const loans = st.loans.filter((l) => l.outstanding > 0);
  const [loanId, setLoanId] = useState(loans[0]?.loanId ?? "");
  const [measure, setMeasure] = useState<RiskMeasureCode>("extension");
  const [decisionNo, setDecisionNo] = useState("");
  const [decided, setDecided] = useState(dateText(today()));
  const [newDue, setNewDue] = useState("");
  const [seq, setSeq] = useState("");
  const [from, setFrom] = useState("");
  const [until, setUntil] = useState("");
  const [principal, setPrincipal] = useState("");
  const [interest, setInterest] = useState("");
  const [reason, setReason] = useState("");
  const { tried, busy, error, run } = useSubmit(box);
  const loan = loans.find((l) => l.loanId === loanId) ?? loans[0];
  if (!loan) {
    return (
      <details class="panel" id="risk-form-panel">
        <summary>{t("risk.open")}</summary>
        <p class="muted">{t("risk.noLoan")}</p>
      </details>
    );
  }
  const decidedOn = checkDate(decided, today());
  const optionalDate = (text: string) => (text.trim() === "" ? { iso: null, error: null } : checkDate(text, null));
  const due = measure === "extension" ? checkDate(newDue, null) : { iso: null, error: null };
  const fromD = optionalDate(from);
  const untilD = optionalDate(until);
  const p = amountOf(principal);
  const i = amountOf(interest);
  const pVal = typeof p === "number" ? p : 0;
  const iVal = typeof i === "number" ? i : 0;
  const problems: Record<string, string | null> = {
    decisionNo: !decisionNo.trim() ? t("risk.err.decisionNo") : null,
    decided: decidedOn.error,
    reason: !reason.trim() ? t("risk.err.reason") : null,
    newDue:
      measure !== "extension"
        ? null
        : (due.error ?? (decidedOn.iso && due.iso && due.iso <= decidedOn.iso ? t("risk.err.newDueOn") : null)),
    from: measure === "freeze" ? fromD.error : null,
    until:
      measure !== "freeze"
        ? null
        : (untilD.error ??
          (untilD.iso && (fromD.iso ?? decidedOn.iso) && untilD.iso < ((fromD.iso ?? decidedOn.iso) as string)
            ? t("risk.err.until")
            : null)),
    principal:
      measure !== "write_off"
        ? null
        : p === "invalid"
          ? t("err.amount")
          : pVal > loan.outstanding
            ? t("risk.err.overOutstanding", { max: formatDong(loan.outstanding) })
            : pVal + iVal <= 0 && i !== "invalid"
              ? t("risk.err.nothing")
              : null,
    interest: measure === "write_off" && i === "invalid" ? t("err.amount") : null,
  };
  const n = Object.values(problems).filter(Boolean).length;
  const show = (k: string) => (tried ? problems[k] : null);
  const inv = (k: string) => (tried && problems[k] ? "true" : undefined);
  const dateInput = (id: string, value: string, set: (v: string) => void, key: string) => (
    <input
      id={id}
      type="text"
      inputMode="numeric"
      placeholder="dd/mm/yyyy"
      value={value}
      aria-invalid={inv(key)}
      onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
    />
  );
  return (
    <FormShell
      id="risk-form"
      title={t("risk.open")}
      busy={busy}
      error={error}
      submitLabel={t("risk.submit")}
      boxRef={box}
      onSubmit={() =>
        void run(n, async () => {
          const no = decisionNo.trim();
          await formsIpc.addRiskDecision({
            actor: actor.value,
            decision: {
              loanId: loan.loanId,
              decisionNo: no,
              decidedOn: decidedOn.iso as string,
              measure,
              newDueOn: measure === "extension" ? due.iso : null,
              installmentSeq: measure === "extension" && seq ? Number(seq) : null,
              frozenFrom: measure === "freeze" ? fromD.iso : null,
              frozenUntil: measure === "freeze" ? untilD.iso : null,
              principal: measure === "write_off" ? pVal : null,
              interest: measure === "write_off" ? iVal : null,
              reason: reason.trim(),
            },
          });
          setDecisionNo("");
          setReason("");
          await onDone(t("risk.saved", { no }));
        })
      }
    >
      <div class="form-row">
        <Field id="risk-loan" label={t("risk.loan")}>
          <select id="risk-loan" value={loan.loanId} onChange={(e) => setLoanId((e.currentTarget as HTMLSelectElement).value)}>
            {loans.map((l) => (
              <option key={l.loanId} value={l.loanId}>
                {l.accountNo} · {l.programName} · {formatDong(l.outstanding)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="risk-measure" label={t("risk.measure")}>
          <select
            id="risk-measure"
            value={measure}
            onChange={(e) => setMeasure((e.currentTarget as HTMLSelectElement).value as RiskMeasureCode)}
          >
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`risk.measure.${m}` as Key)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div class="form-row">
        <Field id="risk-no" label={t("risk.decisionNo")} error={show("decisionNo")}>
          <input
            id="risk-no"
            type="text"
            value={decisionNo}
            aria-invalid={inv("decisionNo")}
            onInput={(e) => setDecisionNo((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <Field id="risk-date" label={t("risk.decidedOn")} error={show("decided")}>
          {dateInput("risk-date", decided, setDecided, "decided")}
        </Field>
      </div>
      {measure === "extension" && (
        <div class="form-row">
          <Field id="risk-new-due" label={t("risk.newDueOn")} error={show("newDue")}>
            {dateInput("risk-new-due", newDue, setNewDue, "newDue")}
          </Field>
          <Field id="risk-seq" label={t("risk.installment")}>
            <select id="risk-seq" value={seq} onChange={(e) => setSeq((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t("risk.allInstallments")}</option>
              {loan.schedule.map((s) => (
                <option key={s.seq} value={String(s.seq)}>
                  {s.seq} · {formatDate(s.dueOn)} · {formatDong(s.amount)}
                </option>
              ))}
            </select>
          </Field>
        </div>
      )}
      {measure === "freeze" && (
        <div class="form-row">
          <Field id="risk-from" label={t("risk.frozenFrom")} error={show("from")}>
            {dateInput("risk-from", from, setFrom, "from")}
          </Field>
          <Field id="risk-until" label={t("risk.frozenUntil")} error={show("until")}>
            {dateInput("risk-until", until, setUntil, "until")}
          </Field>
        </div>
      )}
      {measure === "write_off" && (
        <div class="form-row">
          <Field id="risk-principal" label={t("risk.principal")} error={show("principal")}>
            <AmountInput id="risk-principal" value={principal} invalid={!!show("principal")} onInput={setPrincipal} />
          </Field>
          <Field id="risk-interest" label={t("risk.interest")} error={show("interest")}>
            <AmountInput id="risk-interest" value={interest} invalid={!!show("interest")} onInput={setInterest} />
          </Field>
        </div>
      )}
      <Field id="risk-reason" label={t("risk.reason")} error={show("reason")}>
        <input
          id="risk-reason"
          type="text"
          value={reason}
          aria-invalid={inv("reason")}
          onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
        />
      </Field>
    </FormShell>
  );
}
