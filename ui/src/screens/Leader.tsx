// Group leader mode (tổ trưởng Tổ TK&VV): sign-in, the members with what is
// due at the coming session, writing a receipt (biên lai mẫu 01/BL) from the
// keyboard, the printable receipt, and the receipts written so far.
import { Fragment } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { leaderIpc, type IpcError, type LeaderHome, type LeaderMember, type LeaderReceipt } from "../lib/ipc";
import {
  checkReceipt,
  interestPrefill,
  interestRoom,
  leaderError,
  leaderHome,
  leaderView,
  loadLeaderHome,
  receiptRowMessage,
  signInMessage,
  voidMessage,
} from "../lib/leader";
import { loadHome } from "../lib/state";
import { fieldOfStoreName } from "../lib/collection";
import { formatDate, formatDong, groupThousands, parseDong } from "../lib/format";
import { href, navigate } from "../lib/router";
import { lang, setLang, t } from "../i18n";
import { Banner, ErrorBanner } from "../components";

// ---- Sign-in (officer mode, from the home screen).

export function LeaderSignInScreen() {
  const [code, setCode] = useState("");
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  useEffect(() => codeRef.current?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const c = code.trim().toUpperCase();
    if (c === "" || pin === "") {
      setError(t("leader.err.codePin"));
      setErrorCode("invalid_input");
      (c === "" ? codeRef : pinRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const h = await leaderIpc.signIn(c, pin);
      leaderView.value = { name: "members" };
      leaderError.value = null;
      leaderHome.value = h;
      navigate({ name: "home" });
    } catch (err) {
      const ie = err as IpcError;
      setError(signInMessage(ie, c));
      setErrorCode(ie.code);
      setPin("");
      (ie.code === "wrong_pin" ? pinRef : codeRef).current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="leader-sign-in">
      <p class="muted small">
        <a href={href({ name: "home" })}>{t("leader.back")}</a>
      </p>
      <h1>{t("leader.signInTitle")}</h1>
      <p class="muted">{t("leader.signInIntro")}</p>
      <form class="panel form" id="leader-sign-in" onSubmit={(e) => void submit(e)} noValidate>
        {error && (
          <div class="banner banner-error" role="alert" data-code={errorCode ?? ""} id="leader-sign-in-error">
            <span>{error}</span>
          </div>
        )}
        <div class="field">
          <label for="leader-code">{t("leader.code")}</label>
          <input
            id="leader-code"
            ref={codeRef}
            type="text"
            autoComplete="username"
            spellcheck={false}
            value={code}
            placeholder="TT01"
            onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="leader-pin">{t("leader.pin")}</label>
          <input
            id="leader-pin"
            ref={pinRef}
            class="pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            value={pin}
            onInput={(e) => setPin((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary" id="leader-sign-in-submit" disabled={busy}>
            {busy ? t("leader.signingIn") : t("leader.signIn")}
          </button>
        </div>
      </form>
    </section>
  );
}

// ---- Leader mode: replaces the app's navigation while a leader is signed in.

export function LeaderApp({ home }: { home: LeaderHome }) {
  const v = leaderView.value;
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  async function signOut() {
    setSigningOut(true);
    try {
      await leaderIpc.signOut();
    } catch (e) {
      const err = e as IpcError;
      if (err.code !== "not_signed_in") {
        setError(err);
        setSigningOut(false);
        return;
      }
    }
    leaderHome.value = null;
    leaderView.value = { name: "members" };
    navigate({ name: "home" });
    void loadHome();
  }

  return (
    <div class="layout leader-layout">
      <header class="topbar no-print leader-bar">
        <div class="brand">
          <strong id="leader-mode">{t("leader.mode", { group: home.group.name })}</strong>
          <span class="muted">
            {home.leaderName} ({home.leaderCode}) · {home.pointName}
          </span>
        </div>
        <nav class="leader-nav" aria-label={t("nav.label")}>
          <button
            type="button"
            id="leader-nav-members"
            class={v.name === "members" ? "btn btn-small on" : "btn btn-small"}
            aria-current={v.name === "members" ? "page" : undefined}
            onClick={() => (leaderView.value = { name: "members" })}
          >
            {t("leader.nav.members")}
          </button>
          <button
            type="button"
            id="leader-nav-receipts"
            class={v.name === "receipts" ? "btn btn-small on" : "btn btn-small"}
            aria-current={v.name === "receipts" ? "page" : undefined}
            onClick={() => (leaderView.value = { name: "receipts" })}
          >
            {t("leader.nav.receipts")}
          </button>
        </nav>
        <div class="lang" role="group" aria-label={t("app.lang")}>
          <button type="button" class={lang.value === "vi" ? "on" : ""} aria-pressed={lang.value === "vi"} onClick={() => setLang("vi")}>
            VI
          </button>
          <button type="button" class={lang.value === "en" ? "on" : ""} aria-pressed={lang.value === "en"} onClick={() => setLang("en")}>
            EN
          </button>
        </div>
        <button type="button" class="btn btn-small" id="leader-sign-out" disabled={signingOut} onClick={() => void signOut()}>
          {t("leader.signOut")}
        </button>
      </header>
      <main class="content leader-content">
        <ErrorBanner error={error ?? leaderError.value} onRetry={() => void loadLeaderHome()} />
        {v.name === "members" && <LeaderMembers home={home} />}
        {v.name === "receipts" && <LeaderReceipts home={home} />}
        {v.name === "receipt" && <ReceiptView home={home} receipt={v.receipt} back={v.back} />}
      </main>
    </div>
  );
}

function LeaderMembers({ home }: { home: LeaderHome }) {
  const [open, setOpen] = useState<string | null>(null);
  const g = home.group;
  return (
    <section class="leader-members">
      <header class="page-head">
        <h1 id="leader-group">
          {g.code} · {g.name}
        </h1>
        <div class="facts">
          <div class="fact">
            <span class="label">{t("leader.today")}</span>
            <span class="value">{formatDate(home.today)}</span>
          </div>
          <div class="fact">
            <span class="label">{t("leader.session")}</span>
            <span class="value" data-testid="leader-session">
              {formatDate(home.sessionDate)}
            </span>
          </div>
          <div class="fact">
            <span class="value big" data-testid="leader-pending">
              {t("leader.toHandOver", { amount: formatDong(home.pendingTotal) })}
            </span>
          </div>
        </div>
      </header>
      {home.members.length === 0 ? (
        <p class="muted">{t("leader.noMembers")}</p>
      ) : (
        <table class="table" id="leader-members">
          <thead>
            <tr>
              <th>{t("leader.col.code")}</th>
              <th>{t("leader.col.name")}</th>
              <th class="num">{t("leader.col.interestDue")}</th>
              <th class="num">{t("leader.col.arrears")}</th>
              <th class="num">{t("leader.col.savings")}</th>
              <th class="num">{t("leader.col.receipted")}</th>
              <th>{t("leader.col.action")}</th>
            </tr>
          </thead>
          <tbody>
            {home.members.map((m) => (
              <Fragment key={m.memberId}>
                <tr data-member={m.memberId}>
                  <td class="code">{m.customerCode}</td>
                  <td>{m.fullName}</td>
                  <td class="num">{groupThousands(m.interestDue)}</td>
                  <td class="num">{m.interestArrears ? groupThousands(m.interestArrears) : ""}</td>
                  <td class="num">{groupThousands(m.savingsBalance)}</td>
                  <td class="num" data-testid="receipted">
                    {m.receiptedInterest || m.receiptedSavings
                      ? `${groupThousands(m.receiptedInterest)} / ${groupThousands(m.receiptedSavings)}`
                      : ""}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small"
                      data-collect={m.memberId}
                      aria-expanded={open === m.memberId}
                      onClick={() => setOpen(open === m.memberId ? null : m.memberId)}
                    >
                      {t("leader.collect")}
                    </button>
                  </td>
                </tr>
                {open === m.memberId && (
                  <tr class="receipt-form-row">
                    <td colSpan={7}>
                      <ReceiptForm
                        home={home}
                        m={m}
                        onCancel={() => setOpen(null)}
                        onSaved={(r) => {
                          setOpen(null);
                          leaderView.value = { name: "receipt", receipt: r, back: "members" };
                          void loadLeaderHome();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ReceiptForm({
  home,
  m,
  onCancel,
  onSaved,
}: {
  home: LeaderHome;
  m: LeaderMember;
  onCancel: () => void;
  onSaved: (r: LeaderReceipt) => void;
}) {
  const prefill = interestPrefill(m);
  const [interest, setInterest] = useState(prefill === 0 ? "" : groupThousands(prefill));
  const [deposit, setDeposit] = useState("");
  const [server, setServer] = useState<{ interest?: string; savingsDeposit?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);
  const interestRef = useRef<HTMLInputElement>(null);
  const inFlight = useRef(false);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  // A layout effect: the listener is there as soon as the form is (a plain
  // effect waits for the next frame, and a key pressed before it was lost).
  useLayoutEffect(() => {
    interestRef.current?.focus();
    interestRef.current?.select();
    // Escape closes the form wherever the focus is: a key pressed right
    // after opening may reach the page before the focus reaches the form.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        cancel.current();
        document.querySelector<HTMLElement>(`[data-collect="${m.memberId}"]`)?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const check = checkReceipt(m, interest, deposit, home.minSavingsDeposit);
  const errs = {
    interest: check.errors.interest ?? server.interest,
    savingsDeposit: check.errors.savingsDeposit ?? server.savingsDeposit,
    form: check.errors.form ?? server.form,
  };
  const id = (f: string) => `receipt-${f}`;

  async function save() {
    if (inFlight.current) return;
    if (!check.ok) {
      (errs.savingsDeposit && !errs.interest ? document.getElementById(id("deposit")) : interestRef.current)?.focus();
      return;
    }
    inFlight.current = true;
    setSaving(true);
    setServer({});
    try {
      const r = await leaderIpc.recordReceipt({
        memberId: m.memberId,
        interest: check.interest,
        savingsDeposit: check.savingsDeposit,
      });
      onSaved(r);
    } catch (e) {
      const err = e as IpcError;
      if (err.code === "collection_invalid" && err.rows && err.rows.length > 0) {
        const out: typeof server = {};
        for (const re of err.rows) {
          const msg = receiptRowMessage(re.code, m, home.minSavingsDeposit, re.message);
          const f = fieldOfStoreName(re.field);
          if (f === "interest") out.interest = msg;
          else if (f === "savingsDeposit") out.savingsDeposit = msg;
          else out.form = msg;
        }
        setServer(out);
      } else if (err.code === "not_signed_in") {
        setServer({ form: t("leader.err.notSignedIn") });
      } else {
        setServer({ form: err.message });
      }
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  }

  const blur = (text: string, set: (s: string) => void) => {
    const p = parseDong(text);
    if (p.ok) set(p.value === 0 ? "" : groupThousands(p.value));
  };

  return (
    <form
      class="receipt-form"
      id="receipt-form"
      data-member={m.memberId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <strong>{t("leader.collectFor", { name: `${m.fullName} (${m.customerCode})` })}</strong>
      <div class="form-row">
        <div class={errs.interest ? "field invalid" : "field"}>
          <label for={id("interest")}>{t("leader.interest")}</label>
          <span class="amount-input">
            <input
              id={id("interest")}
              ref={interestRef}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellcheck={false}
              value={interest}
              aria-invalid={errs.interest ? "true" : undefined}
              aria-describedby={id("interest-msg")}
              onInput={(e) => {
                setInterest((e.currentTarget as HTMLInputElement).value);
                setServer({});
              }}
              onBlur={() => blur(interest, setInterest)}
            />
            <span class="unit">₫</span>
          </span>
          {errs.interest ? (
            <span class="field-error" id={id("interest-msg")}>
              {errs.interest}
            </span>
          ) : (
            <span class="hint" id={id("interest-msg")}>
              {t("leader.interestHint", { max: formatDong(interestRoom(m)) })}
            </span>
          )}
        </div>
        <div class={errs.savingsDeposit ? "field invalid" : "field"}>
          <label for={id("deposit")}>{t("leader.savingsDeposit")}</label>
          <span class="amount-input">
            <input
              id={id("deposit")}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellcheck={false}
              value={deposit}
              aria-invalid={errs.savingsDeposit ? "true" : undefined}
              aria-describedby={id("deposit-msg")}
              onInput={(e) => {
                setDeposit((e.currentTarget as HTMLInputElement).value);
                setServer({});
              }}
              onBlur={() => blur(deposit, setDeposit)}
            />
            <span class="unit">₫</span>
          </span>
          {errs.savingsDeposit ? (
            <span class="field-error" id={id("deposit-msg")}>
              {errs.savingsDeposit}
            </span>
          ) : (
            <span class="hint" id={id("deposit-msg")}>
              {t("leader.depositHint", { min: formatDong(home.minSavingsDeposit) })}
            </span>
          )}
        </div>
        <div class="fact">
          <span class="label">{t("leader.total")}</span>
          <span class="value" data-testid="receipt-total">
            {formatDong(check.total)}
          </span>
        </div>
      </div>
      {errs.form && (
        <p class="field-error" role="alert" id={id("form-error")}>
          {errs.form}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="btn btn-primary" id="receipt-save" disabled={saving}>
          {saving ? t("leader.saving") : t("leader.save")}
        </button>
        <button type="button" class="btn" id="receipt-cancel" onClick={onCancel}>
          {t("leader.cancel")}
        </button>
        <span class="muted small">{t("leader.formKeys")}</span>
      </div>
    </form>
  );
}

export function stateLabel(r: LeaderReceipt): string {
  if (r.state === "voided") return t("leader.state.voided");
  if (r.state === "settled") return t("leader.state.settled", { date: r.sessionDate ? formatDate(r.sessionDate) : "" });
  return t("leader.state.pending");
}

function LeaderReceipts({ home }: { home: LeaderHome }) {
  const [voiding, setVoiding] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section class="leader-receipts">
      <h1>{t("leader.receipts")}</h1>
      <p class="value big" data-testid="leader-pending">
        {t("leader.toHandOver", { amount: formatDong(home.pendingTotal) })}
      </p>
      {done && <Banner kind="ok">{done}</Banner>}
      {home.receipts.length === 0 ? (
        <p class="muted">{t("leader.noReceipts")}</p>
      ) : (
        <table class="table" id="leader-receipts">
          <thead>
            <tr>
              <th>{t("leader.col.receiptNo")}</th>
              <th>{t("leader.col.date")}</th>
              <th>{t("leader.col.member")}</th>
              <th class="num">{t("leader.interest")}</th>
              <th class="num">{t("leader.savingsDeposit")}</th>
              <th class="num">{t("leader.col.total")}</th>
              <th>{t("leader.col.state")}</th>
              <th>{t("leader.col.action")}</th>
            </tr>
          </thead>
          <tbody>
            {home.receipts.map((r) => (
              <Fragment key={r.id}>
                <tr data-receipt={r.id} data-state={r.state}>
                  <td class="code">{r.receiptNo}</td>
                  <td>{formatDate(r.receivedOn)}</td>
                  <td>
                    {r.memberName} <span class="muted small">({r.customerCode})</span>
                  </td>
                  <td class="num">{groupThousands(r.interest)}</td>
                  <td class="num">{r.savingsDeposit ? groupThousands(r.savingsDeposit) : ""}</td>
                  <td class="num">{groupThousands(r.total)}</td>
                  <td>
                    <span class={`badge badge-${r.state}`} data-testid="receipt-state">
                      {stateLabel(r)}
                    </span>
                    {r.state === "voided" && r.voidReason && (
                      <span class="muted small block">{t("leader.voidedReason", { reason: r.voidReason })}</span>
                    )}
                  </td>
                  <td class="actions-cell">
                    <button
                      type="button"
                      class="btn btn-small"
                      data-reprint={r.id}
                      onClick={() => (leaderView.value = { name: "receipt", receipt: r, back: "receipts" })}
                    >
                      {t("leader.reprint")}
                    </button>{" "}
                    {r.state === "pending" && (
                      <button
                        type="button"
                        class="btn btn-small"
                        data-void={r.id}
                        aria-expanded={voiding === r.id}
                        onClick={() => setVoiding(voiding === r.id ? null : r.id)}
                      >
                        {t("leader.void")}
                      </button>
                    )}
                  </td>
                </tr>
                {voiding === r.id && (
                  <tr class="void-row">
                    <td colSpan={8}>
                      <VoidForm
                        r={r}
                        onCancel={() => setVoiding(null)}
                        onDone={(v) => {
                          setVoiding(null);
                          setDone(t("leader.voided", { no: v.receiptNo }));
                          void loadLeaderHome();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function VoidForm({ r, onCancel, onDone }: { r: LeaderReceipt; onCancel: () => void; onDone: (r: LeaderReceipt) => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (reason.trim() === "") {
      setError(t("leader.err.reason"));
      ref.current?.focus();
      return;
    }
    setBusy(true);
    try {
      onDone(await leaderIpc.voidReceipt({ receiptId: r.id, reason: reason.trim() }));
    } catch (err) {
      setError(voidMessage(err as IpcError));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      class="void-form"
      id="void-form"
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div class={error ? "field grow invalid" : "field grow"}>
        <label for="void-reason">{t("leader.voidReason", { no: r.receiptNo })}</label>
        <input
          id="void-reason"
          ref={ref}
          type="text"
          value={reason}
          aria-invalid={error ? "true" : undefined}
          onInput={(e) => {
            setReason((e.currentTarget as HTMLInputElement).value);
            setError(null);
          }}
        />
        {error && (
          <span class="field-error" role="alert" id="void-error">
            {error}
          </span>
        )}
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary" id="void-confirm" disabled={busy}>
          {t("leader.voidConfirm")}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          {t("leader.voidKeep")}
        </button>
      </div>
    </form>
  );
}

/** Biên lai mẫu 01/BL, printable (A5). */
function ReceiptView({ home, receipt: r, back }: { home: LeaderHome; receipt: LeaderReceipt; back: "members" | "receipts" }) {
  const g = home.group;
  return (
    <section class="receipt-screen">
      <p class="no-print">
        <button type="button" class="btn" id="receipt-back" onClick={() => (leaderView.value = { name: back })}>
          {t("receipt.back")}
        </button>{" "}
        <button type="button" class="btn btn-primary" id="receipt-print" onClick={() => window.print()}>
          {t("receipt.print")}
        </button>
      </p>
      <article class="receipt printable" id="receipt" data-receipt={r.id} data-state={r.state}>
        <header class="receipt-head">
          <div>
            <p class="receipt-point">{home.pointName}</p>
            <p>
              {t("receipt.group")}: {g.name} ({g.code})
            </p>
          </div>
          <p class="receipt-form-no">{t("receipt.form")}</p>
        </header>
        <h1>{t("receipt.title")}</h1>
        <p class="receipt-sub">
          {t("receipt.no")}: <strong data-testid="receipt-no">{r.receiptNo}</strong> · {t("receipt.date")}:{" "}
          <strong data-testid="receipt-date">{formatDate(r.receivedOn)}</strong>
        </p>
        {r.state === "voided" && <p class="receipt-void">{t("receipt.voidedStamp")}</p>}
        <dl class="kv receipt-kv">
          <dt>{t("receipt.point")}</dt>
          <dd>{home.pointName}</dd>
          <dt>{t("receipt.group")}</dt>
          <dd>
            {g.name} ({g.code})
          </dd>
          <dt>{t("receipt.member")}</dt>
          <dd data-testid="receipt-member">
            {r.memberName} ({r.customerCode})
          </dd>
          <dt>{t("receipt.interest")}</dt>
          <dd class="num" data-testid="receipt-interest">
            {formatDong(r.interest)}
          </dd>
          <dt>{t("receipt.savingsDeposit")}</dt>
          <dd class="num" data-testid="receipt-savings">
            {formatDong(r.savingsDeposit)}
          </dd>
          <dt>{t("receipt.total")}</dt>
          <dd class="num">
            <strong data-testid="receipt-sum">{formatDong(r.total)}</strong>
          </dd>
        </dl>
        <p class="receipt-words" data-testid="receipt-words">
          {t("receipt.inWords", { words: r.totalInWords })}
        </p>
        <div class="signatures receipt-signatures">
          <div>
            <strong>{t("receipt.signPayer")}</strong>
            <span class="muted small">{t("receipt.signHint")}</span>
            <span class="signer">{r.memberName}</span>
          </div>
          <div>
            <strong>{t("receipt.signLeader")}</strong>
            <span class="muted small">{t("receipt.signHint")}</span>
            <span class="signer">{home.leaderName}</span>
          </div>
        </div>
      </article>
    </section>
  );
}
