// «Cách chấm, tỷ lệ phí»: the group rating's scheme and the fee rates, read
// and — by a supervisor, recorded as the person in «Người ghi» — changed from
// a month on. The store checks both (weights adding up to 100, bands in
// order, fee plus commission within 0,125 %/month) and refuses with a code.
import { useEffect, useState } from "preact/hooks";
import {
  normaliseError,
  reportIpc,
  type FeeKind,
  type FeeRates,
  type IpcError,
  type NewScheme,
  type RatingSchemeInfo,
  type Scheme,
} from "../../lib/ipc";
import { actor } from "../../lib/state";
import { addMonths, decimalText, formatMonth, monthOf } from "../../lib/report";
import { Banner, Loading } from "../../components";
import { codeLabel, t, type Key } from "../../i18n";
import { MonthPicker, ReportError, today } from "./common";
import { ratePct } from "./Fees";

function typed(s: Scheme): NewScheme {
  const show = (v: string) => v.replace(".", ",");
  return {
    criteria: s.criteria.map((c) => ({ criterion: c.criterion, weight: show(c.weight), fullAt: show(c.fullAt), zeroAt: show(c.zeroAt) })),
    bands: { tot: show(s.bands.tot), kha: show(s.bands.kha), trungBinh: show(s.bands.trungBinh) },
  };
}

/** Σ weights as typed, for the hint (display only; the store checks exactly). */
function weightSum(s: NewScheme): string {
  const cents = s.criteria.reduce((sum, c) => {
    const m = /^\s*(\d+)(?:[.,](\d{1,2}))?\s*$/.exec(c.weight);
    return m ? sum + Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : NaN;
  }, 0);
  if (Number.isNaN(cents)) return "?";
  return decimalText(`${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`, cents % 100 ? 2 : 0);
}

export function SettingsScreen() {
  const now = today();
  const thisMonth = now ? monthOf(now) : "";
  return (
    <>
      <header class="page-head">
        <h1>{t("rep.s.title")}</h1>
        <p class="muted">{t("rep.s.intro")}</p>
      </header>
      {thisMonth ? (
        <>
          <SchemeEditor thisMonth={thisMonth} />
          <FeeRatesPanel thisMonth={thisMonth} />
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}

function SchemeEditor({ thisMonth }: { thisMonth: string }) {
  const [info, setInfo] = useState<RatingSchemeInfo | null>(null);
  const [form, setForm] = useState<NewScheme | null>(null);
  const [from, setFrom] = useState(addMonths(thisMonth, 1));
  const [error, setError] = useState<IpcError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    reportIpc.ratingScheme(thisMonth).then(
      (i) => {
        setInfo(i);
        setForm(typed(i.scheme));
      },
      (e) => setError(normaliseError(e)),
    );
  }, []);
  if (!info || !form) return error ? <ReportError error={error} /> : <Loading />;
  const set = (idx: number, field: "weight" | "fullAt" | "zeroAt", value: string) =>
    setForm({ ...form, criteria: form.criteria.map((c, i) => (i === idx ? { ...c, [field]: value } : c)) });
  async function save(e: Event) {
    e.preventDefault();
    setDone(null);
    setError(null);
    if (!actor.value) {
      setError({ code: "not_found", message: "" });
      return;
    }
    setBusy(true);
    try {
      const stored = await reportIpc.setRatingScheme({ actor: actor.value, from, scheme: form! });
      setInfo(stored);
      setDone(t("rep.s.saved", { month: formatMonth(from) }));
    } catch (err) {
      setError(normaliseError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="panel scheme-editor" id="scheme-editor" onSubmit={save} noValidate>
      <h2>{t("rep.s.scheme")}</h2>
      <p class="small">
        {info.from ? t("rep.r.schemeFrom", { month: formatMonth(info.from) }) : t("rep.r.schemeStandard")}
        {info.versions.length > 0 && ` · ${t("rep.s.versions", { months: info.versions.map((v) => formatMonth(v.from)).join(", ") })}`}
      </p>
      <table class="table scheme-table">
        <thead>
          <tr>
            <th>{t("rep.r.criterion")}</th>
            <th class="num">{t("rep.s.weight")}</th>
            <th class="num">{t("rep.s.fullAt")}</th>
            <th class="num">{t("rep.s.zeroAt")}</th>
          </tr>
        </thead>
        <tbody>
          {form.criteria.map((c, i) => {
            const label = codeLabel("rep.crit", c.criterion, info.scheme.criteria[i]?.label ?? c.criterion);
            return (
              <tr key={c.criterion} data-criterion={c.criterion}>
                <th scope="row">{label}</th>
                {(["weight", "fullAt", "zeroAt"] as const).map((field) => (
                  <td class="num" key={field}>
                    <input
                      type="text"
                      inputMode="decimal"
                      size={6}
                      aria-label={`${label}: ${t(`rep.s.${field}` as Key)}`}
                      data-field={field}
                      value={c[field]}
                      onInput={(e) => set(i, field, (e.currentTarget as HTMLInputElement).value)}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th>{t("rep.total")}</th>
            <td class="num" data-testid="weight-sum">
              {weightSum(form)}
            </td>
            <td colSpan={2}></td>
          </tr>
        </tfoot>
      </table>
      <fieldset class="bands">
        <legend>{t("rep.s.bands")}</legend>
        {(["tot", "kha", "trungBinh"] as const).map((b) => (
          <label key={b} class="filter">
            <span>{t("rep.s.bandFrom", { grade: t(`rep.grade.${b === "trungBinh" ? "trung_binh" : b}` as Key) })}</span>
            <input
              type="text"
              inputMode="decimal"
              size={5}
              data-band={b}
              value={form.bands[b]}
              onInput={(e) => setForm({ ...form, bands: { ...form.bands, [b]: (e.currentTarget as HTMLInputElement).value } })}
            />
          </label>
        ))}
      </fieldset>
      <div class="actions">
        <MonthPicker id="scheme-from" label={t("rep.s.from")} value={from} onChange={setFrom} />
        <button type="submit" class="btn btn-primary" id="scheme-save" disabled={busy}>
          {t("rep.s.save")}
        </button>
        <button type="button" class="btn" onClick={() => setForm(typed(info.standard))}>
          {t("rep.s.reset")}
        </button>
      </div>
      {error && (error.code === "not_found" && !actor.value ? <Banner kind="error">{t("actor.required")}</Banner> : <ReportError error={error} />)}
      {done && <Banner kind="ok">{done}</Banner>}
    </form>
  );
}

function FeeRatesPanel({ thisMonth }: { thisMonth: string }) {
  const [rates, setRates] = useState<FeeRates | null>(null);
  const [kind, setKind] = useState<FeeKind>("group_commission");
  const [from, setFrom] = useState(addMonths(thisMonth, 1));
  const [pct, setPct] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    reportIpc.feeRates().then(setRates, (e) => setError(normaliseError(e)));
  }, []);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (!actor.value) {
      setError({ code: "not_found", message: "" });
      return;
    }
    try {
      setRates(await reportIpc.setFeeRate({ actor: actor.value, kind, from, ratePct: pct }));
      setDone(t("rep.s.rateSaved"));
    } catch (err) {
      setError(normaliseError(err));
    }
  }
  if (!rates) return error ? <ReportError error={error} /> : <Loading />;
  return (
    <form class="panel" id="fee-rates" onSubmit={save} noValidate>
      <h2>{t("rep.s.rates")}</h2>
      <p class="small">{t("rep.s.cap", { cap: ratePct(rates.capPct) })}</p>
      <table class="table fee-rate-table">
        <thead>
          <tr>
            <th>{t("rep.s.rateKind")}</th>
            <th>{t("rep.s.from")}</th>
            <th class="num">{t("rep.s.ratePct")}</th>
          </tr>
        </thead>
        <tbody>
          {rates.rates.map((r) => (
            <tr key={`${r.kind}/${r.from}`} data-kind={r.kind} data-from={r.from}>
              <td>{t(`rep.s.kind.${r.kind}` as Key)}</td>
              <td>{formatMonth(r.from)}</td>
              <td class="num">{ratePct(r.ratePct)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <label class="filter" for="rate-kind">
          <span>{t("rep.s.rateKind")}</span>
          <select id="rate-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as FeeKind)}>
            <option value="association_fee">{t("rep.s.kind.association_fee")}</option>
            <option value="group_commission">{t("rep.s.kind.group_commission")}</option>
          </select>
        </label>
        <MonthPicker id="rate-from" label={t("rep.s.from")} value={from} onChange={setFrom} />
        <label class="filter" for="rate-pct">
          <span>{t("rep.s.ratePct")}</span>
          <input id="rate-pct" type="text" inputMode="decimal" size={7} placeholder="0,08" value={pct} onInput={(e) => setPct((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="btn btn-primary" id="rate-save">
          {t("rep.s.saveRate")}
        </button>
      </div>
      {error && (error.code === "not_found" && !actor.value ? <Banner kind="error">{t("actor.required")}</Banner> : <ReportError error={error} />)}
      {done && <Banner kind="ok">{done}</Banner>}
    </form>
  );
}
