// The borrower screen: who the borrower is, their loans (position, schedule,
// risk decisions), savings, every ledger entry with the reversals, the status
// history and the tracing log; and the correction of an entry by a reversal
// approved by a second person with their PIN.
import { useEffect, useRef, useState } from "preact/hooks";
import { ipc, type Entry, type IpcError, type StaffMember, type Statement, type StatementLoan } from "../lib/ipc";
import { actor, home, listDate, staff, staffName } from "../lib/state";
import { formatDate, formatDong } from "../lib/format";
import { href } from "../lib/router";
import { codeLabel, roleName, t } from "../i18n";
import { Banner, ErrorBanner, Loading, Money } from "../components";
import { BorrowerForms, decisionDetail } from "./BorrowerForms";

type Badge = { id: string; text: string };

/** The warning badges of a borrower on the statement's date. */
export function memberBadges(st: Statement): Badge[] {
  const out: Badge[] = [];
  if (st.loans.some((l) => l.overdue > 0 || l.status === "overdue")) out.push({ id: "overdue", text: t("badge.overdue") });
  if (st.loans.some((l) => l.frozen > 0 || l.status === "frozen")) out.push({ id: "frozen", text: t("badge.frozen") });
  if (st.loans.some((l) => l.inactive && l.outstanding > 0)) out.push({ id: "inactive", text: t("badge.inactive") });
  const s = st.currentStatus;
  if (s?.kind === "moved_away") out.push({ id: "moved-away", text: t("badge.movedAway") });
  else if (s && s.kind !== "returned") out.push({ id: s.kind, text: codeLabel("memberStatus", s.kind, s.label) });
  return out;
}

function loanBadges(l: StatementLoan): Badge[] {
  const out: Badge[] = [];
  if (l.overdue > 0 && l.status !== "overdue") out.push({ id: "overdue", text: t("badge.overdue") });
  if (l.frozen > 0 && l.status !== "frozen") out.push({ id: "frozen", text: t("badge.frozen") });
  if (l.inactive && l.outstanding > 0) out.push({ id: "inactive", text: t("badge.inactive") });
  return out;
}

function Badges({ badges, testid }: { badges: Badge[]; testid?: string }) {
  if (badges.length === 0) return null;
  return (
    <span class="badges" data-testid={testid}>
      {badges.map((b) => (
        <span key={b.id} class={`badge badge-${b.id}`} data-badge={b.id}>
          {b.text}
        </span>
      ))}
    </span>
  );
}

const entryKind = (e: Entry) => codeLabel("kind", e.kind, e.kindLabel);

export function BorrowerScreen({ memberId, date }: { memberId: string; date: string | null }) {
  const asOf = date ?? home.value?.today ?? null;
  const [st, setSt] = useState<Statement | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [reversing, setReversing] = useState<Entry | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);
  const seq = useRef(0);
  const opener = useRef<HTMLElement | null>(null);

  async function load(day: string) {
    const mine = ++seq.current;
    try {
      const s = await ipc.statement(memberId, day);
      if (mine !== seq.current) return;
      setSt(s);
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(e as IpcError);
    }
  }

  useEffect(() => {
    if (asOf) void load(asOf);
  }, [memberId, asOf]);

  // After a reversal, the focus (which was on the vanished "Hủy" button)
  // goes to the new reversal's line.
  useEffect(() => {
    if (!fresh) return;
    const row = document.querySelector<HTMLElement>(`#member-entries tr[data-entry="${fresh}"]`);
    row?.focus();
  }, [st, fresh]);

  if (!asOf || !st) {
    return error ? <ErrorBanner error={error} onRetry={() => asOf && void load(asOf)} /> : <Loading />;
  }

  const m = st.member;
  const total = (f: (l: StatementLoan) => number) => st.loans.reduce((n, l) => n + f(l), 0);
  const byId = new Map(st.entries.map((e) => [e.entryId, e]));
  const groupDate = date ?? listDate() ?? asOf;

  function closeDialog() {
    setReversing(null);
    const el = opener.current;
    opener.current = null;
    if (el?.isConnected) el.focus();
  }

  return (
    <section class="borrower" data-member={m.memberId}>
      <header class="page-head">
        <p class="muted small">
          <a
            href={href({ name: "search" })}
            id="member-back"
            onClick={(e) => {
              if (history.length > 1) {
                e.preventDefault();
                history.back();
              }
            }}
          >
            {t("member.back")}
          </a>
        </p>
        <p class="muted small">{t("member.title")}</p>
        <h1 id="member-name">
          {m.fullName} <Badges badges={memberBadges(st)} testid="member-badges" />
        </h1>
        <p class="muted" data-testid="as-of">
          {t("member.asOf", { date: formatDate(st.date) })}
        </p>
      </header>
      {flash && <Banner kind="ok">{flash}</Banner>}
      <ErrorBanner error={error} />

      <div class="panel">
        <dl class="kv member-facts" id="member-facts">
          <dt>{t("member.customerCode")}</dt>
          <dd>{m.customerCode}</dd>
          <dt>{t("member.citizenId")}</dt>
          <dd>{m.citizenId ?? "—"}</dd>
          <dt>{t("member.birthYear")}</dt>
          <dd>{m.birthYear ?? "—"}</dd>
          <dt>{t("member.village")}</dt>
          <dd>{m.village}</dd>
          <dt>{t("member.phone")}</dt>
          <dd>{m.phone ?? "—"}</dd>
          <dt>{t("member.group")}</dt>
          <dd>
            <a href={href({ name: "collection", groupId: m.groupId, date: groupDate })}>
              {m.groupCode} {m.groupName}
            </a>
          </dd>
        </dl>
      </div>

      <div class="facts" id="member-totals">
        <Fact id="outstanding" label={t("member.totalOutstanding")} n={total((l) => l.outstanding)} />
        <Fact id="overdue" label={t("member.totalOverdue")} n={total((l) => l.overdue)} />
        <Fact id="interest-due" label={t("member.totalInterestDue")} n={total((l) => l.interestDue)} />
        <Fact id="arrears" label={t("member.totalArrears")} n={total((l) => l.interestArrears)} />
        <Fact id="savings" label={t("member.savings")} n={st.savingsBalance} />
      </div>

      <h2>{t("member.loans")}</h2>
      {st.loans.length === 0 && <p class="muted">{t("member.noLoans")}</p>}
      {st.loans.map((l) => (
        <LoanPanel key={l.loanId} loan={l} asOf={st.date} />
      ))}

      <h2>{t("member.history")}</h2>
      {st.entries.length === 0 ? (
        <p class="muted">{t("entry.none")}</p>
      ) : (
        <table class="table entries" id="member-entries">
          <thead>
            <tr>
              <th>{t("entry.date")}</th>
              <th>{t("entry.kind")}</th>
              <th>{t("entry.account")}</th>
              <th class="num">{t("entry.amount")}</th>
              <th>{t("entry.receipt")}</th>
              <th>{t("entry.session")}</th>
              <th>{t("entry.note")}</th>
              <th class="no-print"></th>
            </tr>
          </thead>
          <tbody>
            {[...st.entries].reverse().map((e) => {
              const original = e.reverses ? byId.get(e.reverses) : undefined;
              const cls = [e.reversed ? "reversed" : "", e.kind === "reversal" ? "reversal" : "", e.entryId === fresh ? "fresh" : ""]
                .filter(Boolean)
                .join(" ");
              return (
                <tr
                  key={e.entryId}
                  data-entry={e.entryId}
                  data-kind={e.kind}
                  data-reversed={e.reversed ? "true" : "false"}
                  class={cls || undefined}
                  tabIndex={e.entryId === fresh ? -1 : undefined}
                >
                  <td>{formatDate(e.valueDate)}</td>
                  <td>{entryKind(e)}</td>
                  <td class="code">{e.accountNo ?? ""}</td>
                  <td class="num amount">{formatDong(e.amount)}</td>
                  <td>{e.receiptNo ?? ""}</td>
                  <td>{e.sessionId ? t("entry.inSession") : ""}</td>
                  <td class="note">
                    {e.reversed && <span class="badge badge-reversed">{t("entry.reversed")}</span>}
                    {e.kind === "reversal" && (
                      <>
                        {original && (
                          <span class="block">
                            {t("entry.reversalOf", { kind: entryKind(original), date: formatDate(original.valueDate) })}
                          </span>
                        )}
                        {e.reason && <span class="block">{t("entry.reason", { reason: e.reason })}</span>}
                      </>
                    )}
                  </td>
                  <td class="no-print">
                    {!e.reversed && e.kind !== "reversal" && (
                      <button
                        type="button"
                        class="btn btn-small btn-reverse"
                        aria-label={t("entry.reverseTitle", {
                          kind: entryKind(e),
                          amount: formatDong(e.amount),
                          date: formatDate(e.valueDate),
                        })}
                        onClick={(ev) => {
                          opener.current = ev.currentTarget as HTMLElement;
                          setFlash(null);
                          setReversing(e);
                        }}
                      >
                        {t("entry.reverse")}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {st.status.length > 0 && (
        <>
          <h2>{t("member.statusTimeline")}</h2>
          <table class="table" id="member-status">
            <thead>
              <tr>
                <th>{t("status.learnedOn")}</th>
                <th>{t("status.kind")}</th>
                <th>{t("status.destination")}</th>
                <th>{t("status.source")}</th>
                <th>{t("status.note")}</th>
              </tr>
            </thead>
            <tbody>
              {st.status.map((s, i) => (
                <tr key={i} data-status={s.kind}>
                  <td>{formatDate(s.learnedOn)}</td>
                  <td>{codeLabel("memberStatus", s.kind, s.label)}</td>
                  <td>{s.destination ?? ""}</td>
                  <td>{s.source}</td>
                  <td>{s.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {st.traces.length > 0 && (
        <>
          <h2>{t("member.traces")}</h2>
          <table class="table" id="member-traces">
            <thead>
              <tr>
                <th>{t("trace.askedOn")}</th>
                <th>{t("trace.agency")}</th>
                <th>{t("trace.answer")}</th>
                <th>{t("trace.answeredOn")}</th>
              </tr>
            </thead>
            <tbody>
              {st.traces.map((tr, i) => (
                <tr key={i}>
                  <td>{formatDate(tr.askedOn)}</td>
                  <td>{codeLabel("agency", tr.agency, tr.agencyLabel)}</td>
                  <td>{tr.answer ?? <span class="muted">{t("trace.noAnswer")}</span>}</td>
                  <td>{tr.answeredOn ? formatDate(tr.answeredOn) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <BorrowerForms st={st} onChanged={() => load(asOf)} />

      {reversing && (
        <ReverseDialog
          entry={reversing}
          date={home.value?.today ?? st.date}
          onClose={closeDialog}
          onDone={(rev) => {
            setReversing(null);
            opener.current = null;
            setFresh(rev.entryId);
            setFlash(
              t("reverse.done", {
                kind: entryKind(reversing),
                amount: formatDong(reversing.amount),
                date: formatDate(reversing.valueDate),
              }),
            );
            void load(asOf);
          }}
        />
      )}
    </section>
  );
}

function Fact({ id, label, n }: { id: string; label: string; n: number }) {
  return (
    <div class="fact" data-fact={id}>
      <span class="label">{label}</span>
      <Money n={n} class="value" />
    </div>
  );
}

function LoanPanel({ loan: l, asOf }: { loan: StatementLoan; asOf: string }) {
  return (
    <section class="panel loan" data-loan={l.accountNo} data-status={l.status}>
      <h3>
        {t("loan.title", { no: l.accountNo })}{" "}
        <span class={`badge badge-status badge-${l.status}`} data-testid="loan-status">
          {codeLabel("loanStatus", l.status, l.statusLabel)}
        </span>{" "}
        <Badges badges={loanBadges(l)} />
      </h3>
      <dl class="kv loan-facts">
        <dt>{t("loan.program")}</dt>
        <dd>{l.programName}</dd>
        <dt>{t("loan.disbursedOn")}</dt>
        <dd>{formatDate(l.disbursedOn)}</dd>
        <dt>{t("loan.amount")}</dt>
        <dd>{formatDong(l.amount)}</dd>
        <dt>{t("loan.term")}</dt>
        <dd>{t("loan.termMonths", { n: l.termMonths })}</dd>
        <dt>{t("loan.lastActivity")}</dt>
        <dd>{l.lastActivity ? formatDate(l.lastActivity) : "—"}</dd>
      </dl>
      <table class="table loan-figures">
        <thead>
          <tr>
            <th class="num">{t("loan.outstanding")}</th>
            <th class="num">{t("loan.current")}</th>
            <th class="num">{t("loan.overdue")}</th>
            <th class="num">{t("loan.frozen")}</th>
            <th class="num">{t("loan.interestDue")}</th>
            <th class="num">{t("loan.arrears")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td class="num" data-figure="outstanding">{formatDong(l.outstanding)}</td>
            <td class="num" data-figure="current">{formatDong(l.current)}</td>
            <td class={l.overdue > 0 ? "num warn" : "num"} data-figure="overdue">
              {formatDong(l.overdue)}
            </td>
            <td class="num" data-figure="frozen">{formatDong(l.frozen)}</td>
            <td class="num" data-figure="interestDue">{formatDong(l.interestDue)}</td>
            <td class={l.interestArrears > 0 ? "num warn" : "num"} data-figure="interestArrears">
              {formatDong(l.interestArrears)}
            </td>
          </tr>
        </tbody>
      </table>
      <div class="loan-lower">
        <div>
          <h4>{t("loan.schedule")}</h4>
          <div class="schedule-wrap">
            <table class="table schedule">
              <thead>
                <tr>
                  <th class="num">{t("loan.seq")}</th>
                  <th>{t("loan.dueOn")}</th>
                  <th class="num">{t("loan.installment")}</th>
                </tr>
              </thead>
              <tbody>
                {l.schedule.map((i) => (
                  <tr key={i.seq} class={i.dueOn <= asOf ? "past" : undefined}>
                    <td class="num">{i.seq}</td>
                    <td>{formatDate(i.dueOn)}</td>
                    <td class="num">{formatDong(i.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        {l.decisions.length > 0 && (
          <div class="grow">
            <h4>{t("loan.decisions")}</h4>
            <table class="table decisions">
              <thead>
                <tr>
                  <th>{t("loan.decisionNo")}</th>
                  <th>{t("loan.decidedOn")}</th>
                  <th>{t("loan.measure")}</th>
                  <th>{t("loan.detail")}</th>
                  <th>{t("loan.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {l.decisions.map((d, i) => (
                  <tr key={i}>
                    <td>{d.decisionNo}</td>
                    <td>{formatDate(d.decidedOn)}</td>
                    <td>{codeLabel("measure", d.measureCode, d.measure)}</td>
                    <td>{decisionDetail(d)}</td>
                    <td>{d.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

/** Who may approve a reversal recorded by `recorder`: anyone else on the staff, the controller first. */
export function approversFor(recorder: string, people: StaffMember[]): StaffMember[] {
  const rank = (s: StaffMember) => (s.role === "controller" ? 0 : 1);
  return people
    .filter((s) => s.role !== "system" && s.role !== "group_leader" && s.code !== recorder)
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map((x) => x.s);
}

function ReverseDialog({
  entry,
  date,
  onClose,
  onDone,
}: {
  entry: Entry;
  date: string;
  onClose: () => void;
  onDone: (reversal: Entry) => void;
}) {
  const recorder = actor.value;
  const approvers = approversFor(recorder, staff.value);
  const [reason, setReason] = useState("");
  const [approver, setApprover] = useState(approvers[0]?.code ?? "");
  const [pin, setPin] = useState("");
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const box = useRef<HTMLFormElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const approverRef = useRef<HTMLSelectElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const inFlight = useRef(false);

  useEffect(() => {
    reasonRef.current?.focus();
    // Escape closes even when the focus is not inside the dialog.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // Staff may arrive after the dialog opened.
  useEffect(() => {
    if (!approvers.some((s) => s.code === approver)) setApprover(approvers[0]?.code ?? "");
  }, [approvers.map((s) => s.code).join(",")]);

  const problems = {
    actor: !recorder,
    reason: reason.trim() === "",
    approver: approver === "" || approver === recorder,
    pin: pin === "",
  };

  async function submit() {
    setTried(true);
    if (inFlight.current) return;
    if (problems.actor) return;
    if (problems.reason) return reasonRef.current?.focus();
    if (problems.approver) return approverRef.current?.focus();
    if (problems.pin) return pinRef.current?.focus();
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const reversal = await ipc.reverseEntry({
        actor: recorder,
        entryId: entry.entryId,
        reason: reason.trim(),
        approver,
        approverPin: pin,
        date,
      });
      onDone(reversal);
    } catch (err) {
      const e = err as IpcError;
      setError(e);
      if (e.code === "wrong_pin") {
        setPin("");
        pinRef.current?.focus();
      } else if (e.code === "reason_required") {
        reasonRef.current?.focus();
      } else if (e.code === "approver_is_recorder") {
        approverRef.current?.focus();
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    const target = e.target as HTMLElement;
    if (e.key === "Enter" && !e.shiftKey && !e.altKey && target.tagName !== "BUTTON") {
      e.preventDefault();
      void submit();
    } else if (e.key === "Tab" && box.current) {
      // Keep the focus inside the dialog.
      const items = [...box.current.querySelectorAll<HTMLElement>("input, select, button")].filter(
        (x) => !(x as HTMLButtonElement).disabled,
      );
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  }

  const kind = entryKind(entry);
  return (
    <div class="modal-backdrop">
      <div
        class="modal panel"
        id="reverse-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reverse-title"
        aria-describedby="reverse-explain"
      >
        <form
          ref={box}
          class="form"
          noValidate
          onKeyDown={onKeyDown}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2 id="reverse-title">{t("reverse.title")}</h2>
          <p class="reverse-entry" data-testid="reverse-entry">
            <strong>
              {t("reverse.entry", { kind, amount: formatDong(entry.amount), date: formatDate(entry.valueDate) })}
            </strong>
            {entry.accountNo && <span class="muted"> · {entry.accountNo}</span>}
            {entry.receiptNo && <span class="muted"> · {entry.receiptNo}</span>}
          </p>
          <p id="reverse-explain" class="hint">
            {t("reverse.explain")}
          </p>
          {recorder ? (
            <p class="muted small">{t("reverse.recorder", { name: staffName(recorder) })}</p>
          ) : (
            <p class="field-error" role="alert">
              {t("reverse.actorRequired")}
            </p>
          )}
          <ErrorBanner error={error} />
          <div class="field">
            <label for="reverse-reason">{t("reverse.reason")}</label>
            <input
              id="reverse-reason"
              ref={reasonRef}
              type="text"
              autoComplete="off"
              maxLength={200}
              placeholder={t("reverse.reasonPlaceholder")}
              value={reason}
              aria-invalid={tried && problems.reason ? "true" : undefined}
              onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
            />
            {tried && problems.reason && <span class="field-error">{t("reverse.reasonRequired")}</span>}
          </div>
          <div class="field">
            <label for="reverse-approver">{t("reverse.approver")}</label>
            <select
              id="reverse-approver"
              ref={approverRef}
              value={approver}
              aria-invalid={tried && problems.approver ? "true" : undefined}
              onChange={(e) => setApprover((e.currentTarget as HTMLSelectElement).value)}
            >
              {approvers.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code} · {s.fullName} · {roleName(s.role)}
                </option>
              ))}
            </select>
            {tried && problems.approver && <span class="field-error">{t("reverse.approverRequired")}</span>}
          </div>
          <div class="field">
            <label for="reverse-pin">{t("reverse.pin")}</label>
            <input
              id="reverse-pin"
              ref={pinRef}
              type="password"
              inputMode="numeric"
              autoComplete="off"
              maxLength={12}
              class="pin"
              value={pin}
              aria-invalid={tried && problems.pin ? "true" : undefined}
              onInput={(e) => setPin((e.currentTarget as HTMLInputElement).value)}
            />
            {tried && problems.pin && <span class="field-error">{t("reverse.pinRequired")}</span>}
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-danger" id="reverse-submit" disabled={busy || !recorder}>
              {busy ? t("reverse.submitting") : t("reverse.submit")}
            </button>
            <button type="button" class="btn" id="reverse-cancel" onClick={onClose}>
              {t("reverse.cancel")}
            </button>
            <span class="hint">{t("reverse.keys")}</span>
          </div>
        </form>
      </div>
    </div>
  );
}
