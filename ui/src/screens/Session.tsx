import { useEffect, useState } from "preact/hooks";
import { ipc, type Group, type Handover, type IpcError, type Session } from "../lib/ipc";
import { actor, groups, groupsError, home, loadGroups, loadHome, staff, staffName } from "../lib/state";
import { formatDate, formatDong, groupThousands } from "../lib/format";
import { href } from "../lib/router";
import { roleName, t } from "../i18n";
import { Banner, ErrorBanner, ExportButtons, Loading } from "../components";
import { AmountInput, amountOf, useDateField } from "../inputs";
import { CounterPanel } from "./Counter";

export const DENOMINATIONS = [500000, 200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000] as const;

type Loaded = { date: string; session: Session | null };

export function SessionScreen() {
  const h = home.value;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const today = h?.today ?? null;

  async function load(date: string) {
    try {
      const session = await ipc.session(date);
      setLoaded({ date, session });
      setError(null);
    } catch (e) {
      setError(e as IpcError);
    }
  }

  useEffect(() => {
    if (today) void load(today);
    if (!groups.value) void loadGroups();
  }, [today]);

  if (!h || !today) return <Loading />;
  if (!loaded) return error ? <ErrorBanner error={error} onRetry={() => void load(today)} /> : <Loading />;

  const onChanged = (s: Session, message: string) => {
    setLoaded({ date: s.date, session: s });
    setFlash(message);
    void loadHome();
  };

  return (
    <section class="session">
      <header class="page-head no-print">
        <h1>{t("session.title")}</h1>
      </header>
      {flash && <Banner kind="ok">{flash}</Banner>}
      <ErrorBanner error={error} />
      {loaded.session ? (
        <SessionView
          session={loaded.session}
          onChanged={onChanged}
          onUpdated={(s) => {
            setLoaded({ date: s.date, session: s });
            setFlash(null);
            void loadHome();
          }}
        />
      ) : (
        <>
          <p class="muted">{t("session.none", { date: formatDate(loaded.date) })}</p>
          <OpenForm defaultDate={loaded.date} onOpened={(s) => onChanged(s, t("session.opened", { date: formatDate(s.date) }))} />
        </>
      )}
    </section>
  );
}

function OpenForm({ defaultDate, onOpened }: { defaultDate: string; onOpened: (s: Session) => void }) {
  const date = useDateField(defaultDate);
  const people = staff.value.filter((s) => s.role !== "system");
  const byRole = (role: string) => people.find((s) => s.role === role)?.code ?? "";
  const [team, setTeam] = useState(() => [byRole("team_leader"), byRole("controller"), byRole("teller")]);
  const [cash, setCash] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  // Staff may arrive after the form is first drawn.
  useEffect(() => {
    if (team.every((c) => c === "") && people.length > 0) {
      setTeam([byRole("team_leader"), byRole("controller"), byRole("teller")]);
    }
  }, [people.length]);

  const cashValue = amountOf(cash);
  const distinct = new Set(team).size === 3;
  const complete = team.every((c) => c !== "");
  const canOpen = !busy && !!actor.value && !!date.iso && complete && distinct && cashValue !== "invalid";

  async function submit(e: Event) {
    e.preventDefault();
    if (!canOpen || !date.iso) return;
    setBusy(true);
    setError(null);
    try {
      const s = await ipc.openSession({
        actor: actor.value,
        date: date.iso,
        teamLeader: team[0],
        controller: team[1],
        teller: team[2],
        cashFromOffice: typeof cashValue === "number" ? cashValue : 0,
      });
      onOpened(s);
    } catch (err) {
      setError(err as IpcError);
    } finally {
      setBusy(false);
    }
  }

  const labels = [t("session.teamLeader"), t("session.controller"), t("session.teller")];
  const ids = ["team-leader", "controller", "teller"];
  return (
    <form class="panel form" onSubmit={submit} id="open-session">
      <h2>{t("session.open.title")}</h2>
      <ErrorBanner error={error} />
      <div class="field">
        <label for="session-date">{t("session.date")}</label>
        <input
          id="session-date"
          type="text"
          placeholder="dd/mm/yyyy"
          value={date.text}
          aria-invalid={date.error ? "true" : undefined}
          onInput={(e) => date.setText((e.currentTarget as HTMLInputElement).value)}
        />
        {date.error && <span class="field-error">{date.error}</span>}
      </div>
      {labels.map((label, i) => (
        <div class="field" key={ids[i]}>
          <label for={ids[i]}>{label}</label>
          <select
            id={ids[i]}
            value={team[i]}
            onChange={(e) => {
              const next = [...team];
              next[i] = (e.currentTarget as HTMLSelectElement).value;
              setTeam(next);
            }}
          >
            <option value="">{t("session.pick")}</option>
            {people.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} · {s.fullName} · {roleName(s.role)}
              </option>
            ))}
          </select>
        </div>
      ))}
      {complete && !distinct && <p class="field-error">{t("session.distinct")}</p>}
      <div class="field">
        <label for="cash-from-office">{t("session.cashFromOffice")}</label>
        <AmountInput id="cash-from-office" value={cash} onInput={setCash} invalid={cashValue === "invalid"} placeholder="0" />
        {cashValue === "invalid" ? (
          <span class="field-error">{t("err.amount")}</span>
        ) : (
          <span class="hint">{t("session.cashFromOfficeHint")}</span>
        )}
      </div>
      {!actor.value && <p class="field-error">{t("actor.required")}</p>}
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={!canOpen}>
          {busy ? t("session.opening") : t("session.openButton")}
        </button>
      </div>
    </form>
  );
}

/** Handovers recorded for a group. The IPC names the group by a string (id, code, or "code name"). */
export function handoversOf(g: Group, all: Handover[]): Handover[] {
  return all.filter((x) => x.group === g.id || x.group === g.code || x.group.startsWith(`${g.code} `));
}

function signedDiff(n: number): string {
  if (n === 0) return t("session.balanced");
  return n > 0 ? t("session.surplus", { amount: formatDong(n) }) : t("session.shortage", { amount: formatDong(-n) });
}

/** The session's cash lines, on screen and in the printed summary. */
function CashFigures({ session: s, print = false }: { session: Session; print?: boolean }) {
  return (
    <>
      <dt>{t("session.openingCash")}</dt>
      <dd data-testid={print ? undefined : "opening-cash"}>{formatDong(s.openingCash)}</dd>
      <dt>{t("session.expectedCash")}</dt>
      <dd data-testid={print ? undefined : "expected-cash"}>{formatDong(s.expectedCash)}</dd>
      {s.countedCash !== null && (
        <>
          <dt>{t("session.countedCash")}</dt>
          <dd data-testid={print ? undefined : "counted-cash"}>{formatDong(s.countedCash)}</dd>
        </>
      )}
      {s.difference !== null && (
        <>
          <dt>{t("session.difference")}</dt>
          <dd data-testid={print ? undefined : "session-difference"}>{signedDiff(s.difference)}</dd>
        </>
      )}
      {s.differenceNote && (
        <>
          <dt>{t("session.differenceNote")}</dt>
          <dd>{s.differenceNote}</dd>
        </>
      )}
    </>
  );
}

type SessionViewProps = {
  session: Session;
  onChanged: (s: Session, msg: string) => void;
  /** New figures after a counter transaction (the counter shows its own message). */
  onUpdated: (s: Session) => void;
};

function SessionView({ session: s, onChanged, onUpdated }: SessionViewProps) {
  const gs = groups.value;
  return (
    <>
      <div class="panel no-print">
        <h2>
          {t("session.ofDate", { date: formatDate(s.date) })}{" "}
          <span class={`status ${s.closed ? "status-closed" : "status-open"}`} data-testid="session-status">
            {s.closed ? t("session.statusClosed") : t("session.statusOpen")}
          </span>
        </h2>
        <dl class="kv">
          <dt>{t("session.team")}</dt>
          <dd>{s.team.map((c) => staffName(c)).join(" · ")}</dd>
          <CashFigures session={s} />
        </dl>
      </div>

      <div class="panel no-print">
        <h2>{t("session.groups")}</h2>
        <ErrorBanner error={groupsError.value} onRetry={() => void loadGroups()} />
        {!gs ? (
          <Loading />
        ) : (
          <table class="table" id="session-groups">
            <thead>
              <tr>
                <th>{t("groups.code")}</th>
                <th>{t("groups.name")}</th>
                <th>{t("groups.leader")}</th>
                <th class="num">{t("groups.members")}</th>
                <th>{t("session.groupStatus")}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {gs.map((g) => {
                const hs = handoversOf(g, s.handovers);
                const expected = hs.reduce((a, x) => a + x.expected, 0);
                const handed = hs.reduce((a, x) => a + x.handedOver, 0);
                let status;
                if (hs.length === 0) status = <span class="status status-none">{t("session.notHandedOver")}</span>;
                else if (handed === expected)
                  status = <span class="status status-ok">{t("session.handedOver", { amount: formatDong(handed) })}</span>;
                else
                  status = (
                    <span class="status status-diff">
                      {t("session.handoverDiff", { amount: signedDiff(handed - expected) })}
                    </span>
                  );
                return (
                  <tr key={g.id} data-group={g.code}>
                    <td>{g.code}</td>
                    <td>{g.name}</td>
                    <td>{g.leaderName ?? "—"}</td>
                    <td class="num">{g.nMembers}</td>
                    <td>{status}</td>
                    <td>
                      <a href={href({ name: "collection", groupId: g.id, date: s.date })}>{t("session.openList")}</a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>

      {!s.closed && <CounterPanel session={s} onUpdated={onUpdated} />}

      {!s.closed && <CloseForm session={s} onClosed={(x) => onChanged(x, t("session.closedOk", { date: formatDate(x.date) }))} />}

      <Summary session={s} />
    </>
  );
}

function CloseForm({ session: s, onClosed }: { session: Session; onClosed: (s: Session) => void }) {
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const parsed = DENOMINATIONS.map((d) => {
    const text = (counts[d] ?? "").trim();
    if (text === "") return { d, n: 0, ok: true };
    const ok = /^\d{1,6}$/.test(text);
    return { d, n: ok ? Number(text) : 0, ok };
  });
  const allOk = parsed.every((p) => p.ok);
  const total = parsed.reduce((a, p) => a + p.d * p.n, 0);
  const diff = total - s.expectedCash;
  const needsNote = diff !== 0 && note.trim() === "";
  const counting = DENOMINATIONS.some((d) => (counts[d] ?? "").trim() !== "");
  const canClose = allOk && !needsNote && !!actor.value && !busy;

  async function submit(e: Event) {
    e.preventDefault();
    if (!canClose) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const closed = await ipc.closeSession({
        actor: actor.value,
        date: s.date,
        count: parsed.filter((p) => p.n > 0).map((p) => [p.d, p.n] as [number, number]),
        note: note.trim() === "" ? null : note.trim(),
      });
      onClosed(closed);
    } catch (err) {
      setError(err as IpcError);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel form no-print" id="close-session" onSubmit={submit}>
      <h2>{t("session.close.title")}</h2>
      <ErrorBanner error={error} />
      <div class="close-layout">
      <table class="table count-table">
        <thead>
          <tr>
            <th class="num">{t("session.denomination")}</th>
            <th class="num">{t("session.sheets")}</th>
            <th class="num">{t("session.subtotal")}</th>
          </tr>
        </thead>
        <tbody>
          {parsed.map((p) => (
            <tr key={p.d}>
              <td class="num">
                <label for={`count-${p.d}`}>{formatDong(p.d)}</label>
              </td>
              <td class="num">
                <input
                  id={`count-${p.d}`}
                  class="count"
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  value={counts[p.d] ?? ""}
                  aria-invalid={p.ok ? undefined : "true"}
                  onInput={(e) => {
                    setConfirming(false);
                    setCounts({ ...counts, [p.d]: (e.currentTarget as HTMLInputElement).value });
                  }}
                />
              </td>
              <td class="num">{p.n > 0 ? groupThousands(p.d * p.n) : ""}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={2} class="num">
              {t("session.countedTotal")}
            </th>
            <td class="num" data-testid="counted-total">
              {formatDong(total)}
            </td>
          </tr>
          <tr>
            <th colSpan={2} class="num">
              {t("session.expectedCash")}
            </th>
            <td class="num">{formatDong(s.expectedCash)}</td>
          </tr>
          <tr class={diff === 0 ? "" : "row-diff"}>
            <th colSpan={2} class="num">
              {t("session.difference")}
            </th>
            <td class="num" data-testid="close-difference">
              {signedDiff(diff)}
            </td>
          </tr>
        </tfoot>
      </table>
      <div class="close-side">
      {!allOk && <p class="field-error">{t("session.badCount")}</p>}
      <div class="field">
        <label for="close-note">{t("session.differenceNote")}</label>
        <textarea
          id="close-note"
          rows={2}
          value={note}
          aria-invalid={needsNote && counting ? "true" : undefined}
          onInput={(e) => {
            setConfirming(false);
            setNote((e.currentTarget as HTMLTextAreaElement).value);
          }}
        />
        {needsNote && counting && <span class="field-error">{t("session.diffNoteRequired")}</span>}
      </div>
      {!actor.value && <p class="field-error">{t("actor.required")}</p>}
      {confirming && <Banner kind="warn">{t("session.closeConfirm", { date: formatDate(s.date) })}</Banner>}
      <div class="actions">
        <button type="submit" class="btn btn-danger" disabled={!canClose} id="close-button">
          {busy ? t("session.closing") : t("session.closeButton")}
        </button>
        {confirming && (
          <button type="button" class="btn" onClick={() => setConfirming(false)}>
            ✕
          </button>
        )}
      </div>
      </div>
      </div>
    </form>
  );
}

/** The printable report of the session (what the print stylesheet keeps). */
function Summary({ session: s }: { session: Session }) {
  const h = home.value;
  const gs = groups.value ?? [];
  return (
    <section class="panel printable" id="session-summary">
      <div class="summary-head">
        <h2>{t("session.summary")}</h2>
        <button type="button" class="btn no-print" onClick={() => window.print()}>
          {t("session.print")}
        </button>
      </div>
      <p class="export-line no-print">
        <span>{t("export.sessionReceipts")}</span>{" "}
        <ExportButtons id="session-receipts-export" formats={["pdf"]} args={{ document: "receipts", date: s.date }} />
      </p>
      <dl class="kv">
        {h && (
          <>
            <dt>{t("session.summaryPoint")}</dt>
            <dd>
              {h.pointName} — {h.officeName}
            </dd>
          </>
        )}
        <dt>{t("session.date")}</dt>
        <dd>{formatDate(s.date)}</dd>
        <dt>{t("session.groupStatus")}</dt>
        <dd>{s.closed ? t("session.statusClosed") : t("session.statusOpen")}</dd>
        <CashFigures session={s} print />
      </dl>
      <h3>{t("session.totals")}</h3>
      {s.totals.length === 0 ? (
        <p class="muted">{t("session.noEntries")}</p>
      ) : (
        <table class="table" id="session-totals">
          <thead>
            <tr>
              <th>{t("session.kind")}</th>
              <th class="num">{t("session.count")}</th>
              <th class="num">{t("session.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {s.totals.map((x) => (
              <tr key={x.kind}>
                <td>{x.label}</td>
                <td class="num">{x.count}</td>
                <td class="num">{formatDong(x.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.handovers.length > 0 && (
        <>
          <h3>{t("session.groups")}</h3>
          <table class="table">
            <thead>
              <tr>
                <th>{t("groups.name")}</th>
                <th class="num">{t("list.cashTotal")}</th>
                <th class="num">{t("list.handedOver")}</th>
                <th>{t("list.note")}</th>
              </tr>
            </thead>
            <tbody>
              {s.handovers.map((x, i) => {
                const g = gs.find((g) => handoversOf(g, [x]).length > 0);
                return (
                  <tr key={i}>
                    <td>{g ? `${g.code} ${g.name}` : x.group}</td>
                    <td class="num">{formatDong(x.expected)}</td>
                    <td class="num">{formatDong(x.handedOver)}</td>
                    <td>{x.note ?? ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <div class="signatures">
        {[t("session.teamLeader"), t("session.controller"), t("session.teller")].map((role, i) => (
          <div key={role}>
            <strong>{role}</strong>
            <span class="muted small">({t("session.sign")})</span>
            <span class="sign-name">{staffName(s.team[i] ?? "")}</span>
          </div>
        ))}
      </div>
    </section>
  );
}
