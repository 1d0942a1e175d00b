// A group's page (members, leader, association, credit quality, meetings),
// the form that records a meeting (họp tổ: attendance, agenda, decisions,
// minutes), and the printable minutes (biên bản họp tổ, A4).
import { useEffect, useRef, useState } from "preact/hooks";
import {
  formsIpc,
  type DecisionKind,
  type GroupPage,
  type IpcError,
  type MeetingDecision,
  type MeetingKind,
  type MeetingRecord,
  type Presence,
  type ProgramChoice,
} from "../lib/ipc";
import { actor, home, listDate } from "../lib/state";
import { formatDate, formatDong } from "../lib/format";
import { href } from "../lib/router";
import { lang, t, type Key } from "../i18n";
import { Banner, ErrorBanner, ExportButtons, Loading } from "../components";
import { AmountInput, amountOf } from "../inputs";
import { checkDate, dateText, Field, focusFirstInvalid } from "../formkit";

const KINDS: MeetingKind[] = ["monthly", "loan_review", "election", "other"];
const PRESENCES: Presence[] = ["present", "absent", "represented"];
const DECISIONS: DecisionKind[] = ["loan_request", "member_admitted", "member_left", "leader_elected", "text"];

export const meetingKindLabel = (k: string) => t(`meeting.kind.${k}` as Key);
const presenceLabel = (p: string) => t(`meeting.presence.${p}` as Key);
const decisionLabel = (d: string) => t(`meeting.decision.${d}` as Key);
const programName = (programs: ProgramChoice[], code: string | null | undefined) => {
  const p = programs.find((x) => x.code === code);
  return p ? (lang.value === "en" ? p.nameEn : p.nameVi) : (code ?? "");
};

function counts(m: MeetingRecord) {
  const n = (p: string) => m.attendance.filter((a) => a.presence === p).length;
  return { present: n("present"), represented: n("represented"), absent: n("absent"), total: m.attendance.length };
}

function today(): string | null {
  return home.value?.today ?? null;
}

async function loadPage(groupId: string): Promise<GroupPage> {
  const day = today() ?? listDate() ?? new Date().toISOString().slice(0, 10);
  return formsIpc.groupPage(groupId, day);
}

export function GroupScreen({ groupId }: { groupId: string }) {
  const [page, setPage] = useState<GroupPage | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [adding, setAdding] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const day = today();

  async function load() {
    try {
      setPage(await loadPage(groupId));
      setError(null);
    } catch (e) {
      setError(e as IpcError);
    }
  }

  useEffect(() => {
    if (day) void load();
  }, [groupId, day]);

  if (!page) return error ? <ErrorBanner error={error} onRetry={() => void load()} /> : <Loading />;
  const g = page.group;
  const q = page.quality;
  const collectionDate = listDate();
  return (
    <section class="group-page" data-group={g.code}>
      <header class="page-head">
        <p class="muted small">
          <a href={href({ name: "groups" })}>{t("group.back")}</a>
        </p>
        <h1 id="group-name">
          {g.code} · {g.name}
        </h1>
      </header>
      {flash && <Banner kind="ok">{flash}</Banner>}
      <ErrorBanner error={error} />
      <div class="panel">
        <dl class="kv" id="group-facts">
          <dt>{t("group.village")}</dt>
          <dd>{g.village}</dd>
          <dt>{t("group.association")}</dt>
          <dd>{g.association}</dd>
          <dt>{t("group.leader")}</dt>
          <dd data-testid="group-leader">{g.leaderName ?? "—"}</dd>
          <dt>{t("group.nMembers")}</dt>
          <dd>{g.nMembers}</dd>
        </dl>
        {collectionDate && (
          <p>
            <a href={href({ name: "collection", groupId: g.id, date: collectionDate })}>
              {t("group.collection", { date: formatDate(collectionDate) })}
            </a>{" "}
            <ExportButtons id="group-list-export" args={{ document: "collection_list", groupId: g.id, date: collectionDate }} />
          </p>
        )}
      </div>

      <h2>{t("group.quality", { date: formatDate(page.date) })}</h2>
      {!q ? (
        <p class="muted">{t("group.noQuality")}</p>
      ) : (
        <dl class="kv" id="group-quality">
          <dt>{t("group.q.borrowers")}</dt>
          <dd data-q="borrowers">
            {q.nBorrowers} / {q.nLoans}
          </dd>
          <dt>{t("group.q.outstanding")}</dt>
          <dd data-q="outstanding">{formatDong(q.outstanding)}</dd>
          <dt>{t("group.q.overdue")}</dt>
          <dd data-q="overdue">{formatDong(q.overdue)}</dd>
          <dt>{t("group.q.ratio")}</dt>
          <dd data-q="ratio">{q.overdueRatioPct.replace(".", lang.value === "vi" ? "," : ".")} %</dd>
          <dt>{t("group.q.frozen")}</dt>
          <dd data-q="frozen">{formatDong(q.frozen)}</dd>
          <dt>{t("group.q.arrears")}</dt>
          <dd data-q="arrears">{formatDong(q.interestArrears)}</dd>
          <dt>{t("group.q.inactive")}</dt>
          <dd data-q="inactive">
            {q.nInactive} · {formatDong(q.inactiveOutstanding)}
          </dd>
          <dt>{t("group.q.movedAway")}</dt>
          <dd data-q="moved-away">
            {q.nMovedAway} · {formatDong(q.movedAwayOutstanding)}
          </dd>
        </dl>
      )}

      <h2>{t("meeting.list")}</h2>
      {!adding && (
        <p class="no-print">
          <button
            type="button"
            class="btn btn-primary"
            id="meeting-new"
            onClick={() => {
              setFlash(null);
              setAdding(true);
            }}
          >
            {t("meeting.new")}
          </button>
        </p>
      )}
      {adding && (
        <MeetingForm
          page={page}
          onClose={() => setAdding(false)}
          onSaved={(m) => {
            setAdding(false);
            setFlash(t("meeting.saved", { date: formatDate(m.heldOn) }));
            void load();
          }}
        />
      )}
      {page.meetings.length === 0 ? (
        <p class="muted">{t("meeting.none")}</p>
      ) : (
        <table class="table" id="group-meetings">
          <thead>
            <tr>
              <th>{t("meeting.date")}</th>
              <th>{t("meeting.kind")}</th>
              <th>{t("meeting.agenda")}</th>
              <th class="num">{t("meeting.present")}</th>
              <th>{t("meeting.decisions")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {page.meetings.map((m) => {
              const c = counts(m);
              return (
                <tr key={m.id} data-meeting={m.id}>
                  <td>{formatDate(m.heldOn)}</td>
                  <td>{meetingKindLabel(m.kind)}</td>
                  <td>{m.agenda}</td>
                  <td class="num">
                    {c.present + c.represented}/{c.total}
                  </td>
                  <td>{t("meeting.nDecisions", { n: m.decisions.length })}</td>
                  <td>
                    <a href={href({ name: "minutes", groupId: g.id, meetingId: m.id })}>{t("meeting.view")}</a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h2>{t("group.members")}</h2>
      <table class="table" id="group-members">
        <thead>
          <tr>
            <th>{t("group.customerCode")}</th>
            <th>{t("group.fullName")}</th>
            <th>{t("group.village")}</th>
          </tr>
        </thead>
        <tbody>
          {page.members.map((m) => (
            <tr key={m.memberId}>
              <td>{m.customerCode}</td>
              <td>
                <a href={href({ name: "member", memberId: m.memberId, date: null })}>{m.fullName}</a>
              </td>
              <td>{m.village}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type DecisionDraft = {
  key: number;
  decision: DecisionKind;
  memberId: string;
  program: string;
  amount: string;
  term: string;
  approved: boolean;
  note: string;
  reason: string;
  text: string;
};

function decisionProblems(d: DecisionDraft): Partial<Record<"member" | "amount" | "term" | "reason" | "text", string>> {
  const out: Partial<Record<"member" | "amount" | "term" | "reason" | "text", string>> = {};
  if (d.decision !== "text" && !d.memberId) out.member = t("meeting.err.member");
  if (d.decision === "loan_request") {
    const a = amountOf(d.amount);
    if (a === "invalid") out.amount = t("err.amount");
    else if (a === null || a <= 0) out.amount = t("meeting.err.amount");
    const term = Number(d.term.trim());
    if (!/^\d+$/.test(d.term.trim()) || term < 1) out.term = t("meeting.err.term");
  }
  if (d.decision === "member_left" && !d.reason.trim()) out.reason = t("meeting.err.reason");
  if (d.decision === "text" && !d.text.trim()) out.text = t("meeting.err.text");
  return out;
}

function toDecision(d: DecisionDraft): MeetingDecision {
  switch (d.decision) {
    case "loan_request": {
      const a = amountOf(d.amount);
      return {
        decision: d.decision,
        memberId: d.memberId,
        program: d.program,
        amount: typeof a === "number" ? a : 0,
        termMonths: Number(d.term.trim()),
        approved: d.approved,
        note: d.note.trim() || null,
      };
    }
    case "member_left":
      return { decision: d.decision, memberId: d.memberId, reason: d.reason.trim() };
    case "text":
      return { decision: d.decision, text: d.text.trim() };
    default:
      return { decision: d.decision, memberId: d.memberId };
  }
}

function MeetingForm({
  page,
  onClose,
  onSaved,
}: {
  page: GroupPage;
  onClose: () => void;
  onSaved: (m: MeetingRecord) => void;
}) {
  const day = today();
  const [date, setDate] = useState(dateText(day));
  const [kind, setKind] = useState<MeetingKind>("monthly");
  const [agenda, setAgenda] = useState("");
  const [minutes, setMinutes] = useState("");
  const [presence, setPresence] = useState<Record<string, Presence>>(() =>
    Object.fromEntries(page.members.map((m) => [m.memberId, "present" as Presence])),
  );
  const [decisions, setDecisions] = useState<DecisionDraft[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const box = useRef<HTMLFormElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);

  useEffect(() => dateRef.current?.focus(), []);

  const when = checkDate(date, day);
  const nobody = !page.members.some((m) => presence[m.memberId] !== "absent");
  const problems = {
    date: when.error,
    attendance: nobody ? t("meeting.err.nobody") : null,
    minutes: minutes.trim() === "" ? t("meeting.err.minutes") : null,
  };
  const perDecision = decisions.map(decisionProblems);
  const nProblems =
    Object.values(problems).filter(Boolean).length + perDecision.reduce((n, p) => n + Object.keys(p).length, 0);

  function update(key: number, patch: Partial<DecisionDraft>) {
    setDecisions((ds) => ds.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  }

  function addDecision(kind: DecisionKind) {
    setDecisions((ds) => [
      ...ds,
      {
        key: nextKey,
        decision: kind,
        memberId: "",
        program: page.programs[0]?.code ?? "",
        amount: "",
        term: "36",
        approved: true,
        note: "",
        reason: "",
        text: "",
      },
    ]);
    setNextKey(nextKey + 1);
  }

  async function submit() {
    setTried(true);
    if (busy) return;
    if (!actor.value) return;
    if (nProblems > 0) {
      // Let the red marks render first.
      setTimeout(() => focusFirstInvalid(box.current), 0);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const m = await formsIpc.recordMeeting({
        actor: actor.value,
        meeting: {
          groupId: page.group.id,
          heldOn: when.iso as string,
          kind,
          agenda: agenda.trim(),
          minutes: minutes.trim(),
          attendance: page.members.map((m) => ({ memberId: m.memberId, presence: presence[m.memberId] ?? "absent" })),
          decisions: decisions.map(toDecision),
        },
      });
      onSaved(m);
    } catch (e) {
      const err = e as IpcError;
      setError(err);
      if (err.code === "future_date") dateRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const show = (p: string | null | undefined) => (tried ? p : null);
  const inv = (p: string | null | undefined) => (tried && p ? "true" : undefined);
  return (
    <form
      ref={box}
      class="panel form meeting-form no-print"
      id="meeting-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t("meeting.new")}</h3>
      {!actor.value && (
        <p class="field-error" role="alert">
          {t("actor.required")}
        </p>
      )}
      {tried && nProblems > 0 && (
        <p class="field-error" role="alert" id="meeting-problems">
          {t("form.fix", { n: nProblems })}
        </p>
      )}
      <ErrorBanner error={error} />
      <div class="form-row">
        <Field id="meeting-date" label={t("meeting.date")} error={show(problems.date)}>
          <input
            id="meeting-date"
            ref={dateRef}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="dd/mm/yyyy"
            value={date}
            aria-invalid={inv(problems.date)}
            onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <Field id="meeting-kind" label={t("meeting.kind")}>
          <select id="meeting-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as MeetingKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {meetingKindLabel(k)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field id="meeting-agenda" label={t("meeting.agenda")}>
        <input
          id="meeting-agenda"
          type="text"
          autoComplete="off"
          value={agenda}
          onInput={(e) => setAgenda((e.currentTarget as HTMLInputElement).value)}
        />
      </Field>

      <fieldset class="attendance" id="meeting-attendance" aria-invalid={inv(problems.attendance)} tabIndex={-1}>
        <legend>{t("meeting.attendance")}</legend>
        <p>
          <button
            type="button"
            class="btn btn-small"
            id="meeting-all-present"
            onClick={() => setPresence(Object.fromEntries(page.members.map((m) => [m.memberId, "present" as Presence])))}
          >
            {t("meeting.allPresent")}
          </button>
        </p>
        <table class="table">
          <tbody>
            {page.members.map((m) => (
              <tr key={m.memberId} data-member={m.memberId}>
                <td>{m.fullName}</td>
                {PRESENCES.map((p) => (
                  <td key={p}>
                    <label class="radio">
                      <input
                        type="radio"
                        name={`presence-${m.memberId}`}
                        value={p}
                        checked={presence[m.memberId] === p}
                        onChange={() => setPresence({ ...presence, [m.memberId]: p })}
                      />{" "}
                      {presenceLabel(p)}
                    </label>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {show(problems.attendance) && (
          <span class="field-error" id="meeting-attendance-error">
            {problems.attendance}
          </span>
        )}
      </fieldset>

      <fieldset class="decisions" id="meeting-decisions">
        <legend>{t("meeting.decisions")}</legend>
        {decisions.map((d, i) => {
          const p = tried ? perDecision[i] : {};
          const fid = (f: string) => `decision-${i + 1}-${f}`;
          return (
            <div class="decision-row" key={d.key} data-decision={d.decision} data-index={i + 1}>
              <strong>
                {i + 1}. {decisionLabel(d.decision)}
              </strong>
              {d.decision !== "text" && (
                <Field id={fid("member")} label={t("meeting.member")} error={p.member}>
                  <select
                    id={fid("member")}
                    value={d.memberId}
                    aria-invalid={p.member ? "true" : undefined}
                    onChange={(e) => update(d.key, { memberId: (e.currentTarget as HTMLSelectElement).value })}
                  >
                    <option value="">{t("meeting.chooseMember")}</option>
                    {page.members.map((m) => (
                      <option key={m.memberId} value={m.memberId}>
                        {m.fullName} ({m.customerCode})
                      </option>
                    ))}
                  </select>
                </Field>
              )}
              {d.decision === "loan_request" && (
                <>
                  <Field id={fid("program")} label={t("meeting.program")}>
                    <select
                      id={fid("program")}
                      value={d.program}
                      onChange={(e) => update(d.key, { program: (e.currentTarget as HTMLSelectElement).value })}
                    >
                      {page.programs.map((pr) => (
                        <option key={pr.code} value={pr.code}>
                          {pr.code} · {lang.value === "en" ? pr.nameEn : pr.nameVi}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field id={fid("amount")} label={t("meeting.amount")} error={p.amount}>
                    <AmountInput id={fid("amount")} value={d.amount} invalid={!!p.amount} onInput={(v) => update(d.key, { amount: v })} />
                  </Field>
                  <Field id={fid("term")} label={t("meeting.term")} error={p.term}>
                    <input
                      id={fid("term")}
                      type="text"
                      inputMode="numeric"
                      value={d.term}
                      aria-invalid={p.term ? "true" : undefined}
                      onInput={(e) => update(d.key, { term: (e.currentTarget as HTMLInputElement).value })}
                    />
                  </Field>
                  <Field id={fid("approved")} label={t("meeting.approved")}>
                    <select
                      id={fid("approved")}
                      value={d.approved ? "yes" : "no"}
                      onChange={(e) => update(d.key, { approved: (e.currentTarget as HTMLSelectElement).value === "yes" })}
                    >
                      <option value="yes">{t("meeting.approved")}</option>
                      <option value="no">{t("meeting.refused")}</option>
                    </select>
                  </Field>
                  <Field id={fid("note")} label={t("meeting.note")}>
                    <input
                      id={fid("note")}
                      type="text"
                      value={d.note}
                      onInput={(e) => update(d.key, { note: (e.currentTarget as HTMLInputElement).value })}
                    />
                  </Field>
                </>
              )}
              {d.decision === "member_left" && (
                <Field id={fid("reason")} label={t("meeting.reason")} error={p.reason}>
                  <input
                    id={fid("reason")}
                    type="text"
                    value={d.reason}
                    aria-invalid={p.reason ? "true" : undefined}
                    onInput={(e) => update(d.key, { reason: (e.currentTarget as HTMLInputElement).value })}
                  />
                </Field>
              )}
              {d.decision === "text" && (
                <Field id={fid("text")} label={t("meeting.text")} error={p.text}>
                  <input
                    id={fid("text")}
                    type="text"
                    value={d.text}
                    aria-invalid={p.text ? "true" : undefined}
                    onInput={(e) => update(d.key, { text: (e.currentTarget as HTMLInputElement).value })}
                  />
                </Field>
              )}
              <button
                type="button"
                class="btn btn-small"
                onClick={() => setDecisions((ds) => ds.filter((x) => x.key !== d.key))}
              >
                {t("meeting.remove")}
              </button>
            </div>
          );
        })}
        <p class="add-decision">
          <span>{t("meeting.addDecision")}: </span>
          {DECISIONS.map((k) => (
            <button type="button" class="btn btn-small" key={k} data-add={k} onClick={() => addDecision(k)}>
              {decisionLabel(k)}
            </button>
          ))}
        </p>
      </fieldset>

      <Field id="meeting-minutes" label={t("meeting.minutes")} error={show(problems.minutes)}>
        <textarea
          id="meeting-minutes"
          rows={6}
          value={minutes}
          aria-invalid={inv(problems.minutes)}
          onInput={(e) => setMinutes((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </Field>
      <div class="actions">
        <button type="submit" class="btn btn-primary" id="meeting-submit" disabled={busy || !actor.value}>
          {busy ? t("form.submitting") : t("meeting.submit")}
        </button>
        <button type="button" class="btn" id="meeting-cancel" onClick={onClose}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}

/** The printable minutes (biên bản họp tổ) of one meeting. */
export function MinutesScreen({ groupId, meetingId }: { groupId: string; meetingId: string }) {
  const [page, setPage] = useState<GroupPage | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const day = today();

  async function load() {
    try {
      setPage(await loadPage(groupId));
      setError(null);
    } catch (e) {
      setError(e as IpcError);
    }
  }
  useEffect(() => {
    if (day) void load();
  }, [groupId, day]);

  if (!page) return error ? <ErrorBanner error={error} onRetry={() => void load()} /> : <Loading />;
  const m = page.meetings.find((x) => x.id === meetingId);
  if (!m) return <p>{t("meeting.notFound")}</p>;
  const g = page.group;
  const c = counts(m);
  const loans = m.decisions.filter((d) => d.decision === "loan_request");
  const others = m.decisions.filter((d) => d.decision !== "loan_request");
  const approvedTotal = loans.filter((d) => d.approved).reduce((n, d) => n + (d.amount ?? 0), 0);
  return (
    <section class="minutes-screen">
      <p class="no-print">
        <a href={href({ name: "group", groupId: g.id })}>← {g.code} · {g.name}</a>{" "}
        <button type="button" class="btn btn-primary" id="minutes-print" onClick={() => window.print()}>
          {t("meeting.print")}
        </button>{" "}
        <ExportButtons id="minutes-export" formats={["pdf"]} args={{ document: "minutes", groupId: g.id, meetingId: m.id }} />
      </p>
      <article class="minutes printable" id="minutes" data-meeting={m.id}>
        <header class="minutes-head">
          <p class="nation">{t("minutes.nation")}</p>
          <p class="motto">{t("minutes.motto")}</p>
          <h1>{t("minutes.title")}</h1>
          <p class="minutes-kind">{meetingKindLabel(m.kind)}</p>
        </header>
        <dl class="kv">
          <dt>{t("minutes.group")}</dt>
          <dd>
            {g.name} ({g.code})
          </dd>
          <dt>{t("group.village")}</dt>
          <dd>{g.village}</dd>
          <dt>{t("group.association")}</dt>
          <dd>{g.association}</dd>
          <dt>{t("minutes.heldOn")}</dt>
          <dd data-testid="minutes-date">{formatDate(m.heldOn)}</dd>
        </dl>
        {m.agenda && (
          <>
            <h2>{t("minutes.agenda")}</h2>
            <p>{m.agenda}</p>
          </>
        )}
        <h2>{t("minutes.attendance")}</h2>
        <p data-testid="minutes-count">{t("meeting.attendanceCount", c)}</p>
        <table class="table" id="minutes-attendance">
          <thead>
            <tr>
              <th class="num">{t("minutes.no")}</th>
              <th>{t("group.fullName")}</th>
              <th>{t("meeting.attendance")}</th>
            </tr>
          </thead>
          <tbody>
            {m.attendance.map((a, i) => (
              <tr key={a.memberId}>
                <td class="num">{i + 1}</td>
                <td>{a.fullName}</td>
                <td>{presenceLabel(a.presence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {loans.length > 0 && (
          <>
            <h2>{t("minutes.loanTable")}</h2>
            <table class="table" id="minutes-loans">
              <thead>
                <tr>
                  <th class="num">{t("minutes.no")}</th>
                  <th>{t("group.fullName")}</th>
                  <th>{t("meeting.program")}</th>
                  <th class="num">{t("meeting.amount")}</th>
                  <th class="num">{t("meeting.term")}</th>
                  <th>{t("meeting.approved")}</th>
                  <th>{t("meeting.note")}</th>
                </tr>
              </thead>
              <tbody>
                {loans.map((d, i) => (
                  <tr key={i}>
                    <td class="num">{i + 1}</td>
                    <td>{d.memberName}</td>
                    <td>{programName(page.programs, d.program)}</td>
                    <td class="num">{formatDong(d.amount ?? 0)}</td>
                    <td class="num">{d.termMonths}</td>
                    <td>{d.approved ? t("meeting.approved") : t("meeting.refused")}</td>
                    <td>{d.note ?? ""}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td></td>
                  <td colSpan={2}>{t("minutes.total")}</td>
                  <td class="num" data-testid="minutes-approved-total">
                    {formatDong(approvedTotal)}
                  </td>
                  <td colSpan={3}></td>
                </tr>
              </tfoot>
            </table>
          </>
        )}
        <h2>{t("minutes.decisions")}</h2>
        {others.length === 0 && loans.length === 0 ? (
          <p>{t("meeting.noDecisions")}</p>
        ) : (
          <ol id="minutes-decisions">
            {others.map((d, i) => (
              <li key={i}>
                {decisionLabel(d.decision)}
                {d.memberName ? `: ${d.memberName}` : ""}
                {d.reason ? ` (${d.reason})` : ""}
                {d.text ? `: ${d.text}` : ""}
              </li>
            ))}
          </ol>
        )}
        <h2>{t("minutes.body")}</h2>
        <p class="minutes-body">{m.minutes}</p>
        <div class="signatures">
          <div>
            <strong>{t("minutes.signAssociation")}</strong>
            <span class="muted small">{t("minutes.signHint")}</span>
          </div>
          <div>
            <strong>{t("minutes.signSecretary")}</strong>
            <span class="muted small">{t("minutes.signHint")}</span>
            <span class="signer">{m.recordedBy}</span>
          </div>
          <div>
            <strong>{t("minutes.signLeader")}</strong>
            <span class="muted small">{t("minutes.signHint")}</span>
            <span class="signer">{g.leaderName ?? ""}</span>
          </div>
        </div>
      </article>
    </section>
  );
}
