import { useEffect } from "preact/hooks";
import { groups, groupsError, listDate, loadGroups } from "../lib/state";
import { href } from "../lib/router";
import { formatDate } from "../lib/format";
import { t } from "../i18n";
import { ErrorBanner, Loading } from "../components";

export function GroupsScreen() {
  useEffect(() => {
    void loadGroups();
  }, []);
  const gs = groups.value;
  const date = listDate();
  return (
    <section>
      <header class="page-head">
        <h1>{t("groups.title")}</h1>
        {gs && <p class="muted">{t("groups.count", { n: gs.length })}</p>}
      </header>
      <ErrorBanner error={groupsError.value} onRetry={() => void loadGroups()} />
      {!gs ? (
        !groupsError.value && <Loading />
      ) : gs.length === 0 ? (
        <p class="muted">{t("groups.none")}</p>
      ) : (
        <table class="table" id="groups">
          <thead>
            <tr>
              <th>{t("groups.code")}</th>
              <th>{t("groups.name")}</th>
              <th>{t("groups.village")}</th>
              <th>{t("groups.association")}</th>
              <th>{t("groups.leader")}</th>
              <th class="num">{t("groups.members")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {gs.map((g) => (
              <tr key={g.id} data-group={g.code}>
                <td>{g.code}</td>
                <td>
                  <a href={href({ name: "group", groupId: g.id })} class="group-link">
                    {g.name}
                  </a>
                </td>
                <td>{g.village}</td>
                <td>{g.association}</td>
                <td>{g.leaderName ?? "—"}</td>
                <td class="num">{g.nMembers}</td>
                <td>
                  {date && (
                    <a href={href({ name: "collection", groupId: g.id, date })}>
                      {t("groups.list")} {formatDate(date)}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
