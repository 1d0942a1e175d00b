import { useEffect, useRef, useState } from "preact/hooks";
import { ipc, type IpcError, type Member } from "../lib/ipc";
import { groups, listDate, loadGroups } from "../lib/state";
import { href } from "../lib/router";
import { t } from "../i18n";
import { ErrorBanner } from "../components";

export function SearchScreen() {
  const [q, setQ] = useState("");
  const [results, setResults] = useState<{ q: string; members: Member[] } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const seq = useRef(0);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (!groups.value) void loadGroups();
    return () => window.clearTimeout(timer.current);
  }, []);

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

  const date = listDate();
  const groupOf = (id: string) => groups.value?.find((g) => g.id === id);
  return (
    <section>
      <header class="page-head">
        <h1>{t("search.title")}</h1>
      </header>
      <form
        class="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          window.clearTimeout(timer.current);
          void run(q);
        }}
      >
        <input
          id="search"
          type="search"
          autoFocus
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
        />
        <button type="submit" class="btn btn-primary">
          {t("search.button")}
        </button>
      </form>
      <ErrorBanner error={error} />
      {q.trim().length > 0 && q.trim().length < 2 && <p class="muted">{t("search.hint")}</p>}
      {results &&
        (results.members.length === 0 ? (
          <p class="muted">{t("search.none", { q: results.q })}</p>
        ) : (
          <>
            <p class="muted">{t("search.results", { n: results.members.length })}</p>
            <table class="table" id="search-results">
              <thead>
                <tr>
                  <th>{t("col.customerCode")}</th>
                  <th>{t("col.fullName")}</th>
                  <th>{t("search.citizenId")}</th>
                  <th>{t("groups.village")}</th>
                  <th>{t("search.group")}</th>
                </tr>
              </thead>
              <tbody>
                {results.members.map((m) => {
                  const g = groupOf(m.groupId);
                  return (
                    <tr key={m.memberId}>
                      <td>{m.customerCode}</td>
                      <td>
                        <a href={href({ name: "member", memberId: m.memberId, date: null })} data-testid="member-link">
                          {m.fullName}
                        </a>
                      </td>
                      <td>{m.citizenId ?? "—"}</td>
                      <td>{m.village}</td>
                      <td>
                        {date ? (
                          <a href={href({ name: "collection", groupId: m.groupId, date })}>
                            {g ? `${g.code} ${g.name}` : t("groups.list")}
                          </a>
                        ) : (
                          (g?.code ?? "")
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        ))}
    </section>
  );
}
