// A fake commune for the UI tests: 1 point, 2 groups, 12 members, staff CB01–CB03.
// Figures are whole đồng, shaped like the demo commune's (6,24 %/year, so a
// month's interest is about 0,52 % of the balance).

const G1 = "0193c0de-0000-7000-8000-0000000000a1";
const G2 = "0193c0de-0000-7000-8000-0000000000a2";
const mid = (n) => `0193c0de-0000-7000-8000-${String(n).padStart(12, "0")}`;

function member(n, customerCode, fullName, citizenId, village, groupId, f) {
  return {
    memberId: mid(n),
    customerCode,
    fullName,
    citizenId,
    village,
    groupId,
    due: {
      outstanding: f.outstanding,
      interestDue: f.interestDue,
      interestCeiling: f.interestCeiling ?? f.interestDue,
      interestArrears: f.interestArrears ?? 0,
      principalDue: f.principalDue ?? 0,
      savingsBalance: f.savingsBalance,
    },
  };
}

export const fixture = {
  today: "2026-12-15",
  point: {
    pointName: "Điểm giao dịch xã Tân Phú",
    officeName: "Phòng giao dịch NHCSXH huyện Đồng Phú",
    fixedDay: 15,
    dbPath: "C:\\Users\\canbo\\AppData\\Roaming\\Phien\\phien.db",
  },
  watch: {
    overdueLoans: 2,
    overdueAmount: 41250000,
    arrearsLoans: 3,
    arrearsAmount: 1166500,
    inactiveLoans: 4,
    inactiveAmount: 96000000,
    movedAwayBorrowers: 1,
    movedAwayAmount: 1250000,
  },
  staff: [
    { code: "CB01", fullName: "Nguyễn Văn Hùng", role: "team_leader" },
    { code: "CB02", fullName: "Trần Thị Mai", role: "controller" },
    { code: "CB03", fullName: "Lê Thị Thu Hà", role: "teller" },
  ],
  groups: [
    {
      id: G1,
      code: "T01",
      name: "Tổ TK&VV thôn Phú Lợi",
      village: "Phú Lợi",
      association: "Hội Nông dân",
      leaderName: "Phan Văn Sáu",
      nMembers: 7,
    },
    {
      id: G2,
      code: "T02",
      name: "Tổ TK&VV thôn Tân Hòa",
      village: "Tân Hòa",
      association: "Hội Liên hiệp Phụ nữ",
      leaderName: "Mai Thị Tuyết",
      nMembers: 5,
    },
  ],
  members: [
    member(101, "KH000101", "Nguyễn Văn An", "070085001234", "Phú Lợi", G1, {
      outstanding: 50000000, interestDue: 260000, interestCeiling: 260855, principalDue: 5000000, savingsBalance: 1200000,
    }),
    member(102, "KH000102", "Trần Thị Bình", "070190004321", "Phú Lợi", G1, {
      outstanding: 30000000, interestDue: 156000, savingsBalance: 450000,
    }),
    member(103, "KH000103", "Lê Văn Cường", "070082007777", "Phú Lợi", G1, {
      outstanding: 40000000, interestDue: 412500, interestArrears: 204500, savingsBalance: 300000,
    }),
    member(104, "KH000104", "Phạm Thị Dung", null, "Phú Lợi", G1, {
      outstanding: 25000000, interestDue: 130000, savingsBalance: 2150000,
    }),
    member(105, "KH000105", "Hoàng Văn Đức", "070079005555", "Phú Lợi", G1, {
      outstanding: 60000000, interestDue: 312000, interestCeiling: 313710, principalDue: 10000000, savingsBalance: 800000,
    }),
    member(106, "KH000106", "Vũ Thị Hạnh", "070195002468", "Phú Lợi", G1, {
      outstanding: 15000000, interestDue: 78000, savingsBalance: 150000,
    }),
    member(107, "KH000107", "Đặng Văn Khoa", "070077001357", "Phú Lợi", G1, {
      outstanding: 80000000, interestDue: 1248000, interestArrears: 832000, savingsBalance: 0,
    }),
    member(201, "KH000201", "Bùi Thị Lan", "070188003690", "Tân Hòa", G2, {
      outstanding: 35000000, interestDue: 182000, savingsBalance: 600000,
    }),
    member(202, "KH000202", "Đỗ Văn Minh", "070081009876", "Tân Hòa", G2, {
      outstanding: 45000000, interestDue: 234000, interestCeiling: 234513, principalDue: 3000000, savingsBalance: 250000,
    }),
    member(203, "KH000203", "Ngô Thị Nga", "070192001111", "Tân Hòa", G2, {
      outstanding: 20000000, interestDue: 104000, savingsBalance: 1000000,
    }),
    member(204, "KH000204", "Dương Văn Phúc", "070080002222", "Tân Hòa", G2, {
      outstanding: 50000000, interestDue: 390000, interestArrears: 130000, savingsBalance: 50000,
    }),
    member(205, "KH000205", "Lý Thị Quyên", "070199003333", "Tân Hòa", G2, {
      outstanding: 10000000, interestDue: 52000, savingsBalance: 90000,
    }),
  ],
};

export const GROUP1 = G1;
export const GROUP_BIG = "0193c0de-0000-7000-8000-0000000000a3";
export const GROUP2 = G2;
export const memberId = mid;

/**
 * The fake Tauri backend. Runs inside the page (it is stringified into an
 * init script), so it must not close over anything: everything comes in as
 * arguments. It keeps its state and every call on `window.__ipc`.
 */
export function installFakeBackend(mockIPC, fx, opts) {
  const dong = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " ₫";
  const vnDate = (iso) => iso.split("-").reverse().join("/");
  const fold = (s) =>
    s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  const state = { sessions: {}, calls: [], nextErrors: {}, collections: [] };
  window.__ipc = state;

  if (opts.bigGroup) {
    // A 50-member group (T03) for the speed test, generated deterministically.
    fx = { ...fx, groups: [...fx.groups], members: [...fx.members] };
    const gid = "0193c0de-0000-7000-8000-0000000000a3";
    fx.groups.push({ id: gid, code: "T03", name: "Tổ TK&VV thôn Bình Minh", village: "Bình Minh",
      association: "Hội Cựu chiến binh", leaderName: "Trịnh Văn Lực", nMembers: 50 });
    const ho = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"];
    const dem = ["Văn", "Thị", "Hữu", "Minh", "Thị Thu"];
    const ten = ["An", "Bình", "Châu", "Dũng", "Giang", "Hải", "Hương", "Khánh", "Lộc", "Nhung", "Oanh", "Sơn", "Tâm", "Uyên", "Xuân"];
    for (let i = 0; i < 50; i++) {
      const outstanding = 10000000 + ((i * 7919) % 9) * 10000000;
      const interestDue = Math.round((outstanding * 0.0624 * 30) / 365);
      fx.members.push({
        memberId: "0193c0de-0000-7000-8000-" + String(300 + i).padStart(12, "0"),
        customerCode: "KH000" + (300 + i),
        fullName: `${ho[i % 10]} ${dem[i % 5]} ${ten[i % 15]}`,
        citizenId: null,
        village: "Bình Minh",
        groupId: gid,
        due: { outstanding, interestDue, interestCeiling: interestDue, interestArrears: 0,
               principalDue: i % 4 === 0 ? 2000000 : 0, savingsBalance: ((i * 37) % 20) * 50000 },
      });
    }
  }

  // The shell reports the team by full name (phien-store's session summary).
  function teamNames(codes) {
    return codes.map((c) => fx.staff.find((x) => x.code === c)?.fullName ?? c);
  }

  function newSession(date, team, openingCash) {
    return {
      id: "0193c0de-5e55-7000-8000-" + date.replace(/-/g, "").padStart(12, "0"),
      date,
      closed: false,
      team,
      openingCash,
      expectedCash: openingCash,
      countedCash: null,
      difference: null,
      differenceNote: null,
      totals: [],
      handovers: [],
    };
  }
  if (opts.session) {
    const s = newSession(fx.today, teamNames(["CB01", "CB02", "CB03"]), opts.session.openingCash ?? 0);
    for (const h of opts.session.handovers ?? []) {
      const g = fx.groups.find((x) => x.code === h.groupCode);
      s.handovers.push({ group: `${g.code} ${g.name}`, expected: h.expected, handedOver: h.handedOver, note: h.note ?? null });
      s.expectedCash += h.handedOver;
    }
    s.totals = opts.session.totals ?? [];
    s.closed = !!opts.session.closed;
    state.sessions[fx.today] = s;
  }

  const labels = {
    interest: ["interest_payment", "Thu lãi"],
    principal: ["principal_repayment", "Thu nợ gốc"],
    savingsDeposit: ["savings_deposit", "Gửi tiết kiệm"],
    savingsWithdrawal: ["savings_withdrawal", "Rút tiết kiệm"],
    interestFromSavings: ["interest_from_savings", "Thu lãi từ tiết kiệm"],
  };

  function fail(code, message, rows) {
    const e = { code, message };
    if (rows) e.rows = rows;
    throw e;
  }

  function dueOf(m) {
    return { memberId: m.memberId, customerCode: m.customerCode, fullName: m.fullName, ...m.due };
  }

  function recordCollection(a) {
    const g = fx.groups.find((x) => x.id === a.groupId) ?? fail("not_found", `Không có tổ «${a.groupId}»`);
    const s = state.sessions[a.date];
    if (s && s.closed) fail("session_closed", `Phiên ngày ${vnDate(a.date)} đã đóng`);
    const rows = [];
    let cash = 0;
    let n = 0;
    for (const r of a.rows) {
      const m = fx.members.find((x) => x.memberId === r.memberId && x.groupId === g.id);
      if (!m) {
        rows.push({ memberId: r.memberId, field: "Tổ viên", code: "unknown_member", message: "không có trong danh sách của tổ" });
        continue;
      }
      const d = m.due;
      // The store's exact check: no day's interest on principal repaid today.
      const maxInterest = r.principal >= d.principalDue ? d.interestDue : d.interestCeiling;
      const err = (field, code, value, reason) =>
        rows.push({ memberId: m.memberId, field, code, message: `${m.fullName}: ${field} = «${dong(value)}»: ${reason}` });
      if (r.interest + r.interestFromSavings > maxInterest)
        err("Thu lãi", "overpayment", r.interest + r.interestFromSavings, `vượt số lãi phải trả ${dong(maxInterest)}`);
      if (r.principal > d.outstanding) err("Thu nợ gốc", "overpayment", r.principal, `vượt dư nợ ${dong(d.outstanding)}`);
      if (r.savingsDeposit > 0 && r.savingsDeposit < 5000)
        err("Gửi tiết kiệm", "deposit_below_minimum", r.savingsDeposit, "tối thiểu 5.000 ₫ mỗi lần gửi");
      if (d.savingsBalance + r.savingsDeposit - r.savingsWithdrawal - r.interestFromSavings < 0)
        err(
          r.interestFromSavings > 0 ? "Thu lãi từ tiết kiệm" : "Rút tiết kiệm",
          "savings_below_zero",
          r.savingsWithdrawal + r.interestFromSavings,
          `số dư tiết kiệm chỉ có ${dong(d.savingsBalance + r.savingsDeposit)}`,
        );
      cash += r.interest + r.principal + r.savingsDeposit - r.savingsWithdrawal;
      n += ["interest", "principal", "savingsDeposit", "savingsWithdrawal", "interestFromSavings"].filter((f) => r[f] > 0).length;
    }
    if (rows.length) fail("collection_invalid", `Danh sách tổ ${g.code} có ${rows.length} dòng sai`, rows);
    if (a.handedOver !== null && a.handedOver !== cash && !a.note)
      fail("unexplained_difference", `Tiền nộp ${dong(a.handedOver)} khác số phải nộp ${dong(cash)}: cần ghi chú`);
    state.collections.push(a);
    if (s) {
      s.expectedCash += cash;
      for (const [f, [kind, label]] of Object.entries(labels)) {
        const amount = a.rows.reduce((x, r) => x + r[f], 0);
        const count = a.rows.filter((r) => r[f] > 0).length;
        if (!count) continue;
        const tot = s.totals.find((x) => x.kind === kind);
        if (tot) {
          tot.amount += amount;
          tot.count += count;
        } else s.totals.push({ kind, label, count, amount });
      }
      if (a.handedOver !== null)
        s.handovers.push({ group: `${g.code} ${g.name}`, expected: cash, handedOver: a.handedOver, note: a.note });
    }
    return { nEntries: n, cash, sessionId: s ? s.id : null };
  }

  function handle(cmd, a) {
    switch (cmd) {
      case "home":
        return {
          ...fx.point,
          today: fx.today,
          nextSessionDate: fx.today,
          todaySession: state.sessions[fx.today] ?? null,
          watch: fx.watch,
          sync: { state: "not_configured" },
        };
      case "staff":
        return fx.staff;
      case "groups":
        return fx.groups;
      case "collection_list": {
        const g = fx.groups.find((x) => x.id === a.groupId) ?? fail("not_found", `Không có tổ «${a.groupId}»`);
        return { group: g, date: a.date, members: fx.members.filter((m) => m.groupId === g.id).map(dueOf) };
      }
      case "record_collection":
        return recordCollection(a);
      case "session":
        return state.sessions[a.date] ?? null;
      case "open_session": {
        if (state.sessions[a.date]) fail("session_exists", `Đã có phiên ngày ${vnDate(a.date)}`);
        const s = newSession(a.date, teamNames([a.teamLeader, a.controller, a.teller]), a.cashFromOffice);
        state.sessions[a.date] = s;
        return s;
      }
      case "close_session": {
        const s = state.sessions[a.date] ?? fail("not_found", `Không có phiên ngày ${vnDate(a.date)}`);
        if (s.closed) fail("session_closed", `Phiên ngày ${vnDate(a.date)} đã đóng`);
        const counted = a.count.reduce((x, [d, n]) => x + d * n, 0);
        const diff = counted - s.expectedCash;
        if (diff !== 0 && !a.note) fail("unexplained_difference", `Chênh lệch ${dong(diff)}: cần ghi chú`);
        Object.assign(s, { closed: true, countedCash: counted, difference: diff, differenceNote: a.note });
        return s;
      }
      case "search": {
        const q = fold(a.query.trim());
        return fx.members
          .filter((m) => fold(m.fullName).includes(q) || m.customerCode.toLowerCase().includes(q) || (m.citizenId ?? "").includes(q))
          .map(({ due, ...rest }) => rest);
      }
      default:
        throw `command ${cmd} not found`;
    }
  }

  mockIPC((cmd, args) => {
    const a = args ? JSON.parse(JSON.stringify(args)) : {};
    state.calls.push({ cmd, args: a });
    if (cmd in state.nextErrors) {
      const e = state.nextErrors[cmd];
      delete state.nextErrors[cmd];
      throw e;
    }
    const out = handle(cmd, a);
    const copy = out === undefined ? null : JSON.parse(JSON.stringify(out));
    return opts.delayMs ? new Promise((res) => setTimeout(() => res(copy), opts.delayMs)) : copy;
  });
}
