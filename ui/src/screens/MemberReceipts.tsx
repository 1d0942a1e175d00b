// Receipts (biên lai 01/BL) for the members who paid with a saved 13/TD list,
// one per page when printed.
import type { Group, MemberReceipt } from "../lib/ipc";
import { formatDate, formatDong } from "../lib/format";
import { t } from "../i18n";

export function MemberReceipts({
  group,
  date,
  receipts,
  onBack,
}: {
  group: Group;
  date: string;
  receipts: MemberReceipt[];
  onBack: () => void;
}) {
  return (
    <section class="receipt-screen" id="member-receipts">
      <p class="no-print">
        <button type="button" class="btn" id="receipts-back" onClick={onBack}>
          {t("receipt.back")}
        </button>{" "}
        <button type="button" class="btn btn-primary" id="receipts-print" onClick={() => window.print()}>
          {t("receipt.print")}
        </button>
      </p>
      <h2 class="no-print">{t("receipt.listTitle", { n: receipts.length })}</h2>
      {receipts.map((r) => (
        <article class="receipt printable receipt-page" data-member={r.memberId} key={r.memberId}>
          <header class="receipt-head">
            <p>
              {t("receipt.group")}: {group.name} ({group.code})
            </p>
            <p class="receipt-form-no">{t("receipt.form")}</p>
          </header>
          <h1>{t("receipt.title")}</h1>
          <p class="receipt-sub">
            {r.receiptNo && (
              <>
                {t("receipt.no")}: <strong>{r.receiptNo}</strong> ·{" "}
              </>
            )}
            {t("receipt.date")}: <strong>{formatDate(date)}</strong>
          </p>
          <dl class="kv receipt-kv">
            <dt>{t("receipt.member")}</dt>
            <dd>
              {r.memberName} ({r.customerCode})
            </dd>
            {r.interest > 0 && (
              <>
                <dt>{t("receipt.interest")}</dt>
                <dd class="num">{formatDong(r.interest)}</dd>
              </>
            )}
            {r.principal > 0 && (
              <>
                <dt>{t("receipt.principal")}</dt>
                <dd class="num">{formatDong(r.principal)}</dd>
              </>
            )}
            {r.savingsDeposit > 0 && (
              <>
                <dt>{t("receipt.savingsDeposit")}</dt>
                <dd class="num">{formatDong(r.savingsDeposit)}</dd>
              </>
            )}
            <dt>{t("receipt.total")}</dt>
            <dd class="num">
              <strong class="receipt-sum">{formatDong(r.total)}</strong>
            </dd>
            {r.interestFromSavings > 0 && (
              <>
                <dt>{t("receipt.fromSavings")}</dt>
                <dd class="num">{formatDong(r.interestFromSavings)}</dd>
              </>
            )}
            {r.savingsWithdrawal > 0 && (
              <>
                <dt>{t("receipt.withdrawal")}</dt>
                <dd class="num">{formatDong(r.savingsWithdrawal)}</dd>
              </>
            )}
          </dl>
          <p class="receipt-words">{t("receipt.inWords", { words: r.totalInWords })}</p>
          <div class="signatures receipt-signatures">
            <div>
              <strong>{t("receipt.signPayer")}</strong>
              <span class="muted small">{t("receipt.signHint")}</span>
              <span class="signer">{r.memberName}</span>
            </div>
            <div>
              <strong>{t("receipt.signTeller")}</strong>
              <span class="muted small">{t("receipt.signHint")}</span>
            </div>
          </div>
        </article>
      ))}
    </section>
  );
}
