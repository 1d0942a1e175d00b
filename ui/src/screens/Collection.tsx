// Mẫu 13/TD: the group's collection list, typed like a spreadsheet.
//
// Each entry cell owns a signal holding its text; a row's checks and cash are
// computed from its six signals, the totals from the rows. Typing in a cell
// therefore re-renders that cell (bound directly to the DOM), its error line
// and the totals, never the table. Navigation is one delegated key handler.
import { batch, computed, effect, signal, type ReadonlySignal, type Signal } from "@preact/signals";
import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  ipc,
  leaderIpc,
  type CollectionList,
  type CollectionRow,
  type IpcError,
  type LeaderRecords,
  type MemberDue,
  type MemberReceipt,
  type Session,
} from "../lib/ipc";
import { sumsByMember, type ReceiptSums } from "../lib/leader";
import { actor, loadHome } from "../lib/state";
import {
  AMOUNT_FIELDS,
  FIELDS,
  amountText,
  checkRow,
  clearDraft,
  fieldOfStoreName,
  normaliseCell,
  readDraft,
  toCollectionRow,
  writeDraft,
  type CellErrors,
  type Field,
  type RowCheck,
  type Texts,
} from "../lib/collection";
import { formatDate, formatDong, formatTime, groupThousands, parseDong } from "../lib/format";
import { href } from "../lib/router";
import { markAfterPaint } from "../lib/perf";
import { t, type Key } from "../i18n";
import { Banner, ErrorBanner, ExportButtons, Loading } from "../components";
import { MemberReceipts } from "./MemberReceipts";

const NC = FIELDS.length;

type RowModel = {
  idx: number;
  m: MemberDue;
  texts: Signal<string>[];
  server: Signal<CellErrors>;
  serverRow: Signal<string | null>;
  check: ReadonlySignal<RowCheck>;
  errs: ReadonlySignal<string | null>[];
  /** What the leader's receipts say for this member, when the list was taken from them. */
  leaderSums: ReadonlySignal<ReceiptSums | null>;
  /** The row's typed interest / deposit differ from the leader's receipts. */
  leaderDiff: ReadonlySignal<{ interest: number; savingsDeposit: number } | null>;
};

type Model = {
  list: CollectionList;
  rows: RowModel[];
  handedOver: Signal<string>;
  note: Signal<string>;
  totals: ReadonlySignal<Record<Field | "cash", number>>;
  nInvalid: ReadonlySignal<number>;
  restoredAt: number | null;
  /** The group leader's pending receipts (leader_records), once loaded. */
  leader: Signal<LeaderRecords | null>;
  /** Ids of the receipts the list was taken from ("Nhận bảng kê"); null when typed by hand. */
  applied: Signal<string[] | null>;
  /** The applied receipts that are still pending. */
  appliedReceipts: ReadonlySignal<LeaderRecords["receipts"]>;
  dispose: () => void;
};

/**
 * Builds the list's model. `restore` takes the draft saved for the list, if
 * any; `keepDraft` writes one on every change (off only for the warm-up).
 */
function buildModel(list: CollectionList, restore: boolean, keepDraft = true): Model {
  const draft = restore ? readDraft(list.group.id, list.date) : null;
  let restored = false;
  const leader = signal<LeaderRecords | null>(null);
  const applied = signal<string[] | null>(draft?.leaderReceipts && draft.leaderReceipts.length > 0 ? draft.leaderReceipts : null);
  const appliedReceipts = computed(() => {
    const ids = applied.value;
    const recs = leader.value?.receipts ?? [];
    return ids ? recs.filter((r) => ids.includes(r.id)) : [];
  });
  const sums = computed(() => (applied.value ? sumsByMember(appliedReceipts.value) : null));
  const rows: RowModel[] = list.members.map((m, idx) => {
    const saved = draft?.rows[m.memberId];
    const texts = FIELDS.map((f) => {
      const v = saved?.[f] ?? "";
      if (v.trim() !== "") restored = true;
      return signal(v);
    });
    const server = signal<CellErrors>({});
    const serverRow = signal<string | null>(null);
    const check = computed(() => {
      const tx = {} as Texts;
      FIELDS.forEach((f, i) => (tx[f] = texts[i].value));
      return checkRow(m, tx, list.minSavingsDeposit);
    });
    const errs = FIELDS.map((f) => computed(() => check.value.errors[f] ?? server.value[f] ?? null));
    const leaderSums = computed(() => sums.value?.get(m.memberId) ?? null);
    const leaderDiff = computed(() => {
      if (!sums.value) return null;
      const s = leaderSums.value ?? { interest: 0, savingsDeposit: 0 };
      const a = check.value.amounts;
      const d = { interest: a.interest - s.interest, savingsDeposit: a.savingsDeposit - s.savingsDeposit };
      return d.interest === 0 && d.savingsDeposit === 0 ? null : d;
    });
    return { idx, m, texts, server, serverRow, check, errs, leaderSums, leaderDiff };
  });
  const handedOver = signal(draft?.handedOver ?? "");
  const note = signal(draft?.note ?? "");
  if (draft && (draft.handedOver.trim() !== "" || draft.note.trim() !== "" || applied.peek())) restored = true;

  const totals = computed(() => {
    const out = { interest: 0, principal: 0, savingsDeposit: 0, savingsWithdrawal: 0, interestFromSavings: 0, receiptNo: 0, cash: 0 };
    for (const r of rows) {
      const c = r.check.value;
      for (const f of AMOUNT_FIELDS) out[f] += c.amounts[f];
      if (r.texts[NC - 1].value.trim() !== "") out.receiptNo += 1;
      out.cash += c.cash;
    }
    return out;
  });
  const nInvalid = computed(() => rows.reduce((n, r) => n + r.errs.filter((e) => e.value !== null).length, 0));

  // The draft: written on every change, so typed input survives anything.
  const dispose = !keepDraft ? () => {} : effect(() => {
    const out: Record<string, Texts> = {};
    for (const r of rows) {
      const tx = {} as Texts;
      FIELDS.forEach((f, i) => (tx[f] = r.texts[i].value));
      out[r.m.memberId] = tx;
    }
    writeDraft(list.group.id, list.date, {
      rows: out,
      handedOver: handedOver.value,
      note: note.value,
      leaderReceipts: applied.value,
    });
  });

  return {
    list,
    rows,
    handedOver,
    note,
    totals,
    nInvalid,
    restoredAt: restored && draft ? draft.savedAt : null,
    leader,
    applied,
    appliedReceipts,
    dispose,
  };
}

/**
 * Draws a small made-up list once, off screen and taken down in the same
 * task, while the officer is still on the home screen. The first 13/TD list
 * of the day otherwise pays for compiling the grid's code and for WebKit's
 * first table of inputs: measured in the real window, the first opening took
 * about 250 ms and every later one about 80 ms (docs/performance.md). Nothing
 * is sent to the shell and no draft is written.
 */
export function warmUpGrid(): void {
  const member = (i: number): MemberDue => ({
    memberId: `warm-up-${i}`,
    customerCode: "",
    fullName: "Nguyễn Văn An",
    outstanding: 20_000_000,
    interestDue: 104_000,
    interestCeiling: 104_000,
    interestArrears: 0,
    principalDue: 1_000_000,
    savingsBalance: 250_000,
  });
  const list: CollectionList = {
    group: { id: "warm-up", code: "", name: "", village: "", association: "", leaderName: null, nMembers: 8 },
    date: "2000-01-01",
    members: Array.from({ length: 8 }, (_, i) => member(i)),
    minSavingsDeposit: 5_000,
  };
  const model = buildModel(list, false, false);
  const host = document.createElement("div");
  host.setAttribute("aria-hidden", "true");
  host.style.cssText = "position:fixed;left:-10000px;top:0;width:1200px;visibility:hidden;pointer-events:none";
  document.body.appendChild(host);
  try {
    render(<Grid model={model} closed={false} onSaved={() => {}} />, host);
    // Typing into the first rows, as an officer would: validation, totals.
    batch(() => model.rows.slice(0, 3).forEach((r) => fillRow(r)));
    void host.offsetHeight; // style and layout now, not at the first real list
  } finally {
    render(null, host);
    host.remove();
    model.dispose();
  }
}

function setCell(row: RowModel, c: number, text: string) {
  if (row.texts[c].peek() === text) return;
  batch(() => {
    row.texts[c].value = text;
    // The store's verdict is stale once the row changes.
    if (Object.keys(row.server.peek()).length > 0) row.server.value = {};
    if (row.serverRow.peek() !== null) row.serverRow.value = null;
  });
}

/** "Điền đủ": interest due (less what is paid from savings) and principal due. */
function fillRow(row: RowModel) {
  const fromSavings = parseDong(row.texts[4].peek());
  const already = fromSavings.ok ? fromSavings.value : 0;
  batch(() => {
    setCell(row, 0, amountText(Math.max(0, row.m.interestDue - already)));
    setCell(row, 1, amountText(row.m.principalDue));
  });
}

export function CollectionScreen({ groupId, date }: { groupId: string; date: string }) {
  const [model, setModel] = useState<Model | null>(null);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // Receipts (01/BL) of the members who paid with the last save, and whether they are shown.
  const [receipts, setReceipts] = useState<MemberReceipt[]>([]);
  const [showReceipts, setShowReceipts] = useState(false);

  async function load(restore: boolean) {
    try {
      const [list, s, leader] = await Promise.all([
        ipc.collectionList(groupId, date),
        ipc.session(date).catch(() => undefined),
        // The group leader's receipts written since the last session (biên lai 01/BL).
        leaderIpc.records(groupId).catch(() => null),
      ]);
      setModel((old) => {
        old?.dispose();
        const m = buildModel(list, restore);
        m.leader.value = leader;
        return m;
      });
      setSession(s);
      setError(null);
    } catch (e) {
      setError(e as IpcError);
    }
  }

  useEffect(() => {
    void load(true);
  }, [groupId, date]);
  useEffect(() => () => model?.dispose(), [model]);
  // Each list drawn (opening it, and after a save), for scripts/measure-app.
  useEffect(() => {
    if (model) markAfterPaint("phien:list-rendered", { rows: model.rows.length });
  }, [model]);

  if (!model) return error ? <ErrorBanner error={error} onRetry={() => void load(true)} /> : <Loading />;
  const g = model.list.group;
  if (showReceipts && receipts.length > 0)
    return <MemberReceipts group={g} date={model.list.date} receipts={receipts} onBack={() => setShowReceipts(false)} />;
  return (
    <section class="collection">
      <header class="page-head list-head">
        <div>
          <p class="muted small">
            <a href={href({ name: "session" })}>{t("list.back")}</a>
          </p>
          <h1>{t("list.title")}</h1>
          <p class="list-group">
            <strong>{t("list.group", { code: g.code, name: g.name })}</strong> · {t("list.date")}:{" "}
            <strong data-testid="list-date">{formatDate(model.list.date)}</strong> · {t("list.members", { n: model.rows.length })}
          </p>
          <p class="muted small">
            {t("list.meta", { village: g.village, association: g.association, leader: g.leaderName ?? "—" })}
          </p>
          <ExportButtons id="list-export" args={{ document: "collection_list", groupId: g.id, date: model.list.date }} />
        </div>
      </header>
      {session === null && <Banner kind="info">{t("list.noSession", { date: formatDate(date) })}</Banner>}
      {session?.closed && <Banner kind="warn">{t("list.sessionClosed", { date: formatDate(date) })}</Banner>}
      {saved && (
        <Banner kind="ok">
          {saved}{" "}
          {receipts.length > 0 && (
            <button type="button" class="btn" id="print-receipts" onClick={() => setShowReceipts(true)}>
              {t("receipt.printAll", { n: receipts.length })}
            </button>
          )}
          {receipts.length > 0 && (
            <ExportButtons id="receipts-export" formats={["pdf"]} args={{ document: "receipts", groupId: g.id, date: model.list.date }} />
          )}
        </Banner>
      )}
      <ErrorBanner error={error} />
      <Grid
        key={model.list.group.id + model.list.date + String(model.rows.length) + String(model.restoredAt)}
        model={model}
        closed={!!session?.closed}
        onSaved={(msg, paid) => {
          setSaved(msg);
          setReceipts(paid);
          void load(false);
          void loadHome();
        }}
      />
    </section>
  );
}

type Nav = { r: number; c: number; editing: boolean; caretMode: boolean; original: string };

function Grid({
  model,
  closed,
  onSaved,
}: {
  model: Model;
  closed: boolean;
  onSaved: (msg: string, receipts: MemberReceipt[]) => void;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const nav = useRef<Nav>({ r: -1, c: -1, editing: false, caretMode: false, original: "" });
  const [restoredAt, setRestoredAt] = useState<number | null>(model.restoredAt);
  const rows = model.rows;
  const NR = rows.length;

  function input(r: number, c: number): HTMLInputElement | null {
    return wrap.current?.querySelector<HTMLInputElement>(`input[data-r="${r}"][data-c="${c}"]`) ?? null;
  }

  function focusCell(r: number, c: number) {
    const el = input(r, c);
    if (!el) return;
    const n = nav.current;
    n.r = r;
    n.c = c;
    n.editing = false;
    n.caretMode = false;
    n.original = rows[r].texts[c].peek();
    el.dataset.editing = "false";
    if (document.activeElement !== el) el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
    el.select();
  }

  function commit(r: number, c: number) {
    const row = rows[r];
    if (!row) return;
    const text = row.texts[c].peek();
    const norm = normaliseCell(FIELDS[c], text);
    if (norm !== text) setCell(row, c, norm);
    const el = input(r, c);
    if (el) el.dataset.editing = "false";
    nav.current.editing = false;
    nav.current.caretMode = false;
  }

  function startEdit(el: HTMLInputElement, caretMode: boolean) {
    nav.current.editing = true;
    nav.current.caretMode = caretMode;
    el.dataset.editing = "true";
  }

  /** Moves by (dr, dc); Tab-style moves wrap across rows. Returns false when there is nowhere to go. */
  function move(r: number, c: number, dr: number, dc: number, wrapRows: boolean): boolean {
    let nr = r + dr;
    let nc = c + dc;
    if (wrapRows) {
      if (nc >= NC) {
        nc = 0;
        nr += 1;
      } else if (nc < 0) {
        nc = NC - 1;
        nr -= 1;
      }
    }
    if (nr < 0 || nr >= NR || nc < 0 || nc >= NC) return false;
    commit(r, c);
    focusCell(nr, nc);
    return true;
  }

  function onKeyDown(e: KeyboardEvent) {
    const el = e.target as HTMLInputElement;
    if (el.tagName !== "INPUT" || el.dataset.r === undefined) return;
    const r = Number(el.dataset.r);
    const c = Number(el.dataset.c);
    const n = nav.current;
    if (n.r !== r || n.c !== c) focusCell(r, c);
    const row = rows[r];
    const k = e.key;

    if ((e.ctrlKey || e.metaKey) && k === "Enter") {
      e.preventDefault();
      commit(r, c);
      fillRow(row);
      n.original = row.texts[c].peek();
      el.select();
      return;
    }
    if (e.altKey || ((e.ctrlKey || e.metaKey) && !["Home", "End"].includes(k))) return;

    switch (k) {
      case "Tab": {
        const ok = move(r, c, 0, e.shiftKey ? -1 : 1, true);
        if (ok) e.preventDefault();
        else commit(r, c); // leave the grid the normal way
        return;
      }
      case "Enter":
        e.preventDefault();
        if (!move(r, c, e.shiftKey ? -1 : 1, 0, false)) {
          commit(r, c);
          focusCell(r, c);
        }
        return;
      case "Escape":
        e.preventDefault();
        setCell(row, c, n.original);
        el.value = n.original;
        focusCell(r, c);
        return;
      case "ArrowUp":
      case "ArrowDown":
        e.preventDefault();
        move(r, c, k === "ArrowUp" ? -1 : 1, 0, false);
        return;
      case "ArrowLeft":
      case "ArrowRight":
        if (n.editing && n.caretMode) return; // F2: arrows move the caret
        e.preventDefault();
        move(r, c, 0, k === "ArrowLeft" ? -1 : 1, false);
        return;
      case "PageUp":
      case "PageDown": {
        e.preventDefault();
        const nr = Math.max(0, Math.min(NR - 1, r + (k === "PageUp" ? -10 : 10)));
        if (nr !== r) move(r, c, nr - r, 0, false);
        return;
      }
      case "Home":
      case "End":
        if (n.editing && n.caretMode) return;
        e.preventDefault();
        {
          const nr = e.ctrlKey || e.metaKey ? (k === "Home" ? 0 : NR - 1) : r;
          const nc = k === "Home" ? 0 : NC - 1;
          if (nr !== r || nc !== c) move(r, c, nr - r, nc - c, false);
        }
        return;
      case "F2":
        e.preventDefault();
        startEdit(el, true);
        el.setSelectionRange(el.value.length, el.value.length);
        return;
    }
    if (n.editing) return; // typing inside the cell: the browser edits, onInput records
    if (k === "Delete") {
      e.preventDefault();
      setCell(row, c, "");
      el.value = "";
      return;
    }
    if (k === "Backspace") {
      e.preventDefault();
      setCell(row, c, "");
      el.value = "";
      startEdit(el, false);
      return;
    }
    if (k.length === 1 && !e.ctrlKey && !e.metaKey) {
      // Type-to-edit: the first key replaces the cell's content.
      e.preventDefault();
      startEdit(el, false);
      setCell(row, c, k);
      el.value = k;
      el.setSelectionRange(k.length, k.length);
    }
  }

  function onInput(e: Event) {
    const el = e.target as HTMLInputElement;
    if (el.dataset.r === undefined) return;
    const r = Number(el.dataset.r);
    const c = Number(el.dataset.c);
    if (!nav.current.editing) startEdit(el, false); // IME or paste in navigation mode
    setCell(rows[r], c, el.value);
  }

  function onFocusIn(e: FocusEvent) {
    const el = e.target as HTMLInputElement;
    if (el.tagName !== "INPUT" || el.dataset.r === undefined) return;
    const r = Number(el.dataset.r);
    const c = Number(el.dataset.c);
    const n = nav.current;
    if (n.r !== r || n.c !== c || !n.editing) {
      n.r = r;
      n.c = c;
      n.editing = false;
      n.caretMode = false;
      n.original = rows[r].texts[c].peek();
      el.dataset.editing = "false";
      el.select();
    }
  }

  function onFocusOut(e: FocusEvent) {
    const el = e.target as HTMLInputElement;
    if (el.tagName !== "INPUT" || el.dataset.r === undefined) return;
    commit(Number(el.dataset.r), Number(el.dataset.c));
  }

  function onMouseDown(e: MouseEvent) {
    const el = e.target as HTMLElement;
    if (el.tagName !== "INPUT" || el.dataset.r === undefined) return;
    const input = el as HTMLInputElement;
    if (document.activeElement !== input) {
      e.preventDefault();
      focusCell(Number(input.dataset.r), Number(input.dataset.c));
    } else if (!nav.current.editing) {
      startEdit(input, true); // a second click edits in place, caret where clicked
    }
  }

  function onDblClick(e: MouseEvent) {
    const el = e.target as HTMLInputElement;
    if (el.tagName !== "INPUT" || el.dataset.r === undefined) return;
    startEdit(el, true);
  }

  /** The toolbar's "Điền đủ": the row of the current (or last) cell. */
  function onFillClick() {
    const n = nav.current;
    const r = n.r >= 0 ? n.r : 0;
    const c = n.c >= 0 ? n.c : 0;
    commit(r, c);
    fillRow(rows[r]);
    focusCell(r, c);
  }

  /** "Nhận bảng kê của tổ trưởng": each member's cells from the sums of their receipts. */
  function applyLeader() {
    const recs = model.leader.peek()?.receipts ?? [];
    if (recs.length === 0) return;
    const sums = sumsByMember(recs);
    batch(() => {
      for (const row of rows) {
        const s = sums.get(row.m.memberId);
        if (!s) continue;
        setCell(row, 0, amountText(s.interest));
        setCell(row, 2, amountText(s.savingsDeposit));
        const nos = s.receiptNos.join(", ");
        if (nos.length <= 40) setCell(row, NC - 1, nos);
      }
      model.applied.value = recs.map((r) => r.id);
    });
  }

  // Save.
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<IpcError | null>(null);
  const [unmatched, setUnmatched] = useState<string[]>([]);

  const inFlight = useRef(false);

  async function save() {
    if (inFlight.current) return; // a double click records once
    inFlight.current = true;
    const payload: CollectionRow[] = [];
    for (const r of rows) {
      const tx = {} as Texts;
      FIELDS.forEach((f, i) => (tx[f] = r.texts[i].peek()));
      const row = toCollectionRow(r.m.memberId, r.check.peek(), tx);
      if (row) payload.push(row);
    }
    const handed = parseDong(model.handedOver.peek());
    const note = model.note.peek().trim();
    setSaving(true);
    setSaveError(null);
    setUnmatched([]);
    // The leader's receipts handed over with this list (their ids), when it was taken from them.
    const applied = model.applied.peek();
    const leaderReceipts = applied
      ? model.leader.peek()
        ? model.appliedReceipts.peek().map((x) => x.id)
        : applied
      : null;
    try {
      const receipt = await ipc.recordCollection({
        actor: actor.peek(),
        groupId: model.list.group.id,
        date: model.list.date,
        rows: payload,
        handedOver: handed.ok ? handed.value : null,
        note: note === "" ? null : note,
        ...(leaderReceipts ? { leaderReceipts } : {}),
      });
      clearDraft(model.list.group.id, model.list.date);
      onSaved(t("list.saved", { n: receipt.nEntries, cash: formatDong(receipt.cash) }), receipt.receipts ?? []);
    } catch (err) {
      const e = err as IpcError;
      setSaveError(e);
      if (e.code === "collection_invalid" && e.rows) {
        const lost: string[] = [];
        let first: [number, number] | null = null;
        batch(() => {
          for (const re of e.rows!) {
            const row = rows.find((x) => x.m.memberId === re.memberId);
            if (!row) {
              lost.push(re.message);
              continue;
            }
            const f = fieldOfStoreName(re.field);
            if (f) {
              // The store's message names the member; the cell's row already does.
              const prefix = `${row.m.fullName}: `;
              const msg = re.message.startsWith(prefix) ? re.message.slice(prefix.length) : re.message;
              row.server.value = { ...row.server.peek(), [f]: msg };
              const c = FIELDS.indexOf(f);
              if (!first || row.idx < first[0] || (row.idx === first[0] && c < first[1])) first = [row.idx, c];
            } else {
              row.serverRow.value = re.message;
            }
          }
        });
        setUnmatched(lost);
        if (first) focusCell(first[0], first[1]);
      }
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  }

  return (
    <>
      {restoredAt !== null && (
        <div class="banner banner-info" role="status" data-testid="draft-restored">
          <span>{t("list.draftRestored", { time: formatTime(restoredAt) })}</span>
          <button
            type="button"
            class="btn btn-small"
            onClick={() => {
              batch(() => {
                for (const r of rows) r.texts.forEach((_, c) => setCell(r, c, ""));
                model.handedOver.value = "";
                model.note.value = "";
                model.applied.value = null;
              });
              clearDraft(model.list.group.id, model.list.date);
              setRestoredAt(null);
            }}
          >
            {t("list.draftDiscard")}
          </button>
        </div>
      )}
      {saveError &&
        (saveError.code === "collection_invalid" ? (
          <div class="banner banner-error" role="alert" data-code={saveError.code}>
            <span>{t("list.serverInvalid", { n: saveError.rows?.length ?? 0 })}</span>
            {unmatched.map((m, i) => (
              <span key={i} class="block">
                {m}
              </span>
            ))}
          </div>
        ) : (
          <ErrorBanner error={saveError} />
        ))}
      <LeaderBanner model={model} onApply={applyLeader} />
      <div class="grid-toolbar no-print">
        <button
          type="button"
          class="btn btn-small"
          id="fill-row"
          disabled={NR === 0}
          title={t("list.fillHint")}
          onMouseDown={(e) => e.preventDefault() /* keep the cell focused */}
          onClick={onFillClick}
        >
          {t("col.fill")}
        </button>
        <p class="muted small keys-hint">{t("list.keys")}</p>
      </div>
      {NR === 0 ? (
        <p class="muted">{t("list.empty")}</p>
      ) : (
        <div
          class="grid-wrap"
          ref={wrap}
          onKeyDown={onKeyDown}
          onInput={onInput}
          onFocusIn={onFocusIn}
          onFocusOut={onFocusOut}
          onMouseDown={onMouseDown}
          onDblClick={onDblClick}
        >
          <table class="grid" id="collection-grid">
            <colgroup>
              <col class="w-stt" />
              <col class="w-code" />
              <col class="w-name" />
              <col span={5} class="w-amt" />
              <col span={5} class="w-entry" />
              <col class="w-receipt" />
              <col class="w-cash" />
            </colgroup>
            <thead>
              <tr>
                <th class="sticky-1 num">{t("col.stt")}</th>
                <th class="sticky-2">{t("col.customerCode")}</th>
                <th class="sticky-3">{t("col.fullName")}</th>
                {(["col.outstanding", "col.interestDue", "col.interestArrears", "col.principalDue", "col.savings"] as Key[]).map((k) => (
                  <th class="num ro" key={k}>
                    {t(k)}
                  </th>
                ))}
                {FIELDS.map((f) => (
                  <th class={f === "receiptNo" ? "entry" : "num entry"} key={f}>
                    {t(`col.${f}` as Key)}
                  </th>
                ))}
                <th class="num">{t("col.cash")}</th>
                <th class="leader-diff" aria-label={t("list.leader.cashDiff")}></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <Row key={row.m.memberId} row={row} date={model.list.date} />
              ))}
            </tbody>
            <tfoot>
              <Totals model={model} />
            </tfoot>
          </table>
        </div>
      )}
      <Footer model={model} closed={closed} saving={saving} onSave={() => void save()} />
    </>
  );
}

function Row({ row, date }: { row: RowModel; date: string }) {
  const m = row.m;
  const r = row.idx;
  return (
    <tr data-member={m.memberId} data-row={r}>
      <td class="sticky-1 num muted">{r + 1}</td>
      <td class="sticky-2 code">{m.customerCode}</td>
      <NameCell row={row} date={date} />
      <td class="num ro">{groupThousands(m.outstanding)}</td>
      <td class="num ro" title={m.interestCeiling !== m.interestDue ? `≤ ${formatDong(m.interestCeiling)}` : undefined}>
        {groupThousands(m.interestDue)}
      </td>
      <td class="num ro">{m.interestArrears ? groupThousands(m.interestArrears) : ""}</td>
      <td class="num ro">{m.principalDue ? groupThousands(m.principalDue) : ""}</td>
      <td class="num ro">{groupThousands(m.savingsBalance)}</td>
      {FIELDS.map((f, c) => (
        <Cell key={f} row={row} c={c} />
      ))}
      <CashCell row={row} />
      <LeaderDiffCell row={row} />
    </tr>
  );
}

function NameCell({ row, date }: { row: RowModel; date: string }) {
  const err = row.serverRow.value;
  const label = t("member.open", { name: row.m.fullName });
  return (
    <td class={err ? "sticky-3 name invalid" : "sticky-3 name"}>
      <span class="name-text">{row.m.fullName}</span>
      {/* Out of the Tab order: Tab and the arrows stay in the grid's cells. */}
      <a
        class="member-link no-print"
        href={href({ name: "member", memberId: row.m.memberId, date })}
        tabIndex={-1}
        title={label}
        aria-label={label}
      >
        <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.5" />
          <rect x="7.25" y="7" width="1.5" height="5" fill="currentColor" />
          <circle cx="8" cy="4.6" r="1" fill="currentColor" />
        </svg>
      </a>
      {err && (
        <div class="cell-error" role="alert">
          {err}
        </div>
      )}
    </td>
  );
}

function Cell({ row, c }: { row: RowModel; c: number }) {
  const f = FIELDS[c];
  const err = row.errs[c].value;
  const isAmount = f !== "receiptNo";
  return (
    <td class={`${isAmount ? "num " : ""}entry${err ? " invalid" : ""}`} data-field={f}>
      <input
        type="text"
        inputMode={isAmount ? "numeric" : "text"}
        autoComplete="off"
        spellcheck={false}
        data-r={row.idx}
        data-c={c}
        data-editing="false"
        aria-label={`${t(`col.${f}` as Key)} — ${row.m.fullName}`}
        aria-invalid={err ? "true" : undefined}
        value={row.texts[c]}
      />
      {err && (
        <div class="cell-error" role="alert">
          {err}
        </div>
      )}
    </td>
  );
}

/** A marker when the typed interest or deposit differs from the leader's receipts for the member. */
function LeaderDiffCell({ row }: { row: RowModel }) {
  const d = row.leaderDiff.value;
  if (!d) return <td class="leader-diff" />;
  const signed = (n: number) => (n > 0 ? "+" : "") + groupThousands(n);
  return (
    <td class="leader-diff differs" data-testid="leader-diff">
      <span class="diff-mark" title={t("list.leader.diffRow", { interest: signed(d.interest), savings: signed(d.savingsDeposit) })}>
        ≠ {t("list.leader.diffRow", { interest: signed(d.interest), savings: signed(d.savingsDeposit) })}
      </span>
    </td>
  );
}

/** The group leader's pending receipts: offer to take the list from them, then show how the cash compares. */
function LeaderBanner({ model, onApply }: { model: Model; onApply: () => void }) {
  const recs = model.leader.value;
  const applied = model.applied.value;
  const taken = model.appliedReceipts.value;
  if (applied) {
    const total = taken.reduce((n, r) => n + r.total, 0);
    const handed = parseDong(model.handedOver.value);
    const diff = handed.ok ? handed.value - total : null;
    const nDiffer = model.rows.filter((r) => r.leaderDiff.value !== null).length;
    return (
      <div class="banner banner-info leader-banner" role="status" data-testid="leader-applied">
        <span>{t("list.leader.applied", { n: taken.length, amount: formatDong(total) })}</span>
        {nDiffer > 0 && (
          <span class="block diff" data-testid="leader-rows-differ">
            {t("list.leader.rowsDiffer", { n: nDiffer })}
          </span>
        )}
        <span class="block">
          {t("list.leader.cashDiff")}:{" "}
          <strong data-testid="leader-cash-diff">
            {diff === null
              ? t("list.leader.cashDiffNone")
              : diff === 0
                ? t("session.balanced")
                : diff > 0
                  ? t("session.surplus", { amount: formatDong(diff) })
                  : t("session.shortage", { amount: formatDong(-diff) })}
          </strong>
        </span>
        <button type="button" class="btn btn-small" id="leader-undo" onClick={() => (model.applied.value = null)}>
          {t("list.leader.undo")}
        </button>
      </div>
    );
  }
  if (!recs || recs.receipts.length === 0) return null;
  return (
    <div class="banner banner-info leader-banner" role="status" data-testid="leader-banner">
      <span>{t("list.leader.banner", { n: recs.receipts.length, amount: formatDong(recs.total) })}</span>
      <button type="button" class="btn btn-small btn-primary" id="leader-apply" onClick={onApply}>
        {t("list.leader.apply")}
      </button>
    </div>
  );
}

function CashCell({ row }: { row: RowModel }) {
  const cash = row.check.value.cash;
  return <td class="num cash">{cash === 0 ? "" : groupThousands(cash)}</td>;
}

function Totals({ model }: { model: Model }) {
  const tt = model.totals.value;
  const ro = useMemo(() => {
    const s = { outstanding: 0, interestDue: 0, interestArrears: 0, principalDue: 0, savingsBalance: 0 };
    for (const r of model.rows) {
      s.outstanding += r.m.outstanding;
      s.interestDue += r.m.interestDue;
      s.interestArrears += r.m.interestArrears;
      s.principalDue += r.m.principalDue;
      s.savingsBalance += r.m.savingsBalance;
    }
    return s;
  }, [model]);
  return (
    <tr class="totals" data-testid="totals">
      <th class="sticky-1"></th>
      <th class="sticky-2"></th>
      <th class="sticky-3">{t("list.totals")}</th>
      <td class="num ro">{groupThousands(ro.outstanding)}</td>
      <td class="num ro">{groupThousands(ro.interestDue)}</td>
      <td class="num ro">{groupThousands(ro.interestArrears)}</td>
      <td class="num ro">{groupThousands(ro.principalDue)}</td>
      <td class="num ro">{groupThousands(ro.savingsBalance)}</td>
      {AMOUNT_FIELDS.map((f) => (
        <td class="num" data-total={f} key={f}>
          {groupThousands(tt[f])}
        </td>
      ))}
      <td class="num" data-total="receiptNo">
        {tt.receiptNo || ""}
      </td>
      <td class="num cash" data-total="cash">
        {groupThousands(tt.cash)}
      </td>
      <td class="leader-diff" />
    </tr>
  );
}

function Footer({ model, closed, saving, onSave }: { model: Model; closed: boolean; saving: boolean; onSave: () => void }) {
  const cash = model.totals.value.cash;
  const handedText = model.handedOver.value;
  const handed = parseDong(handedText);
  const handedInvalid = !handed.ok && handed.error.code !== "empty";
  const diff = handed.ok ? handed.value - cash : null;
  const note = model.note.value;
  const needsNote = diff !== null && diff !== 0 && note.trim() === "";
  const nInvalid = model.nInvalid.value;
  const anyRow = model.rows.some((r) => !r.check.value.empty);

  const blocked: string[] = [];
  if (nInvalid > 0) blocked.push(t("list.blocked.invalid", { n: nInvalid }));
  if (!anyRow) blocked.push(t("list.blocked.empty"));
  if (handedInvalid) blocked.push(t("list.blocked.handedOver"));
  if (needsNote) blocked.push(t("list.blocked.note"));
  if (!actor.value) blocked.push(t("list.blocked.actor"));
  if (closed) blocked.push(t("list.sessionClosed", { date: formatDate(model.list.date) }));
  const canSave = blocked.length === 0 && !saving;

  return (
    <div class="list-footer panel">
      <div class="footer-figures">
        <div class="fact">
          <span class="label">{t("list.cashTotal")}</span>
          <span class="value big" data-testid="cash-total">
            {formatDong(cash)}
          </span>
        </div>
        <div class="field">
          <label for="handed-over">{t("list.handedOver")}</label>
          <span class="amount-input">
            <input
              id="handed-over"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellcheck={false}
              value={model.handedOver}
              aria-invalid={handedInvalid ? "true" : undefined}
              onInput={(e) => (model.handedOver.value = (e.currentTarget as HTMLInputElement).value)}
              onBlur={() => {
                const p = parseDong(model.handedOver.peek());
                if (p.ok) model.handedOver.value = groupThousands(p.value);
              }}
            />
            <span class="unit">₫</span>
          </span>
          {handedInvalid ? (
            <span class="field-error">{t("err.amount")}</span>
          ) : (
            <span class="hint">{t("list.handedOverHint")}</span>
          )}
        </div>
        <div class="fact">
          <span class="label">{t("list.difference")}</span>
          <span class={`value big${diff ? " diff" : ""}`} data-testid="difference">
            {diff === null
              ? "—"
              : diff === 0
                ? t("session.balanced")
                : diff > 0
                  ? t("session.surplus", { amount: formatDong(diff) })
                  : t("session.shortage", { amount: formatDong(-diff) })}
          </span>
        </div>
        <div class="field grow">
          <label for="list-note">{t("list.note")}</label>
          <textarea
            id="list-note"
            rows={2}
            value={model.note}
            aria-invalid={needsNote ? "true" : undefined}
            onInput={(e) => (model.note.value = (e.currentTarget as HTMLTextAreaElement).value)}
          />
          {needsNote && <span class="field-error">{t("list.noteRequired")}</span>}
        </div>
      </div>
      <div class="actions">
        <button type="button" id="save-list" class="btn btn-primary" disabled={!canSave} onClick={onSave}>
          {saving ? t("list.saving") : t("list.save")}
        </button>
        {blocked.length > 0 && (
          <ul class="blocked" data-testid="blocked">
            {blocked.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
