import { reports } from "./report-fixture.mjs";

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
    { code: "CB04", fullName: "Phạm Quốc Tuấn", role: "loan_officer" },
    { code: "GS01", fullName: "Võ Thị Ngọc", role: "supervisor" },
    { code: "TT01", fullName: "Phan Văn Sáu", role: "group_leader" },
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

// A borrower's statement (sao kê) for Nguyễn Văn An: an overdue loan, a
// frozen loan inactive for 3 months, a reversed entry, moved away and traced.
const E = (n) => `0193c0de-e000-7000-8000-${String(n).padStart(12, "0")}`;
const L1 = "7400000101000001";
const L2 = "7400000101000002";
const SESSION_NOV = "0193c0de-5e55-7000-8000-000020261115";
const entry = (n, kind, kindLabel, accountNo, valueDate, amount, more = {}) => ({
  entryId: E(n), kind, kindLabel, accountNo, valueDate, amount, receiptNo: null, sessionId: SESSION_NOV,
  reversed: false, reverses: null, reason: null, ...more,
});

export const statement101 = {
  date: "2026-12-15",
  member: {
    memberId: mid(101), customerCode: "KH000101", fullName: "Nguyễn Văn An", citizenId: "070085001234",
    birthYear: 1985, village: "Phú Lợi", phone: "0912 345 678", groupId: G1, groupCode: "T01",
    groupName: "Tổ TK&VV thôn Phú Lợi",
  },
  loans: [
    {
      loanId: "0193c0de-10a0-7000-8000-000000000102", accountNo: L2, programName: "Cho vay giải quyết việc làm",
      disbursedOn: "2023-12-15", amount: 20000000, termMonths: 60, status: "frozen", statusLabel: "Khoanh nợ",
      outstanding: 20000000, current: 0, overdue: 0, frozen: 20000000, interestDue: 0, interestArrears: 0,
      inactive: true, lastActivity: "2026-05-15",
      schedule: [1, 2, 3, 4, 5].map((seq) => ({ seq, dueOn: `${2023 + seq}-12-15`, amount: 4000000 })),
      decisions: [
        { decisionNo: "15/QĐ-NHCS", decidedOn: "2026-06-20", measureCode: "freeze", measure: "Khoanh nợ",
          detail: "Từ 01/06/2026 đến 31/05/2028", reason: "Thiệt hại do bão số 3",
          newDueOn: null, installmentSeq: null, frozenFrom: "2026-06-01", frozenUntil: "2028-05-31", principal: null, interest: null },
      ],
    },
    {
      loanId: "0193c0de-10a0-7000-8000-000000000101", accountNo: L1, programName: "Cho vay hộ nghèo",
      disbursedOn: "2024-12-15", amount: 40000000, termMonths: 48, status: "overdue", statusLabel: "Quá hạn",
      outstanding: 30000000, current: 25000000, overdue: 5000000, frozen: 0, interestDue: 260000,
      interestArrears: 0, inactive: false, lastActivity: "2026-11-15",
      schedule: [1, 2, 3, 4, 5, 6, 7, 8].map((seq) => ({
        seq, dueOn: `${2024 + Math.ceil(seq / 2)}-${seq % 2 ? "06" : "12"}-15`, amount: 5000000,
      })),
      decisions: [],
    },
  ],
  savingsBalance: 1200000,
  entries: [
    entry(1, "disbursement", "Giải ngân", L2, "2023-12-15", 20000000),
    entry(2, "disbursement", "Giải ngân", L1, "2024-12-15", 40000000),
    entry(3, "principal_repayment", "Thu nợ gốc", L1, "2025-06-15", 5000000, { receiptNo: "BL-0615" }),
    entry(4, "principal_repayment", "Thu nợ gốc", L1, "2025-12-15", 5000000, { receiptNo: "BL-1215" }),
    entry(5, "interest_payment", "Thu lãi", L1, "2026-10-15", 156000, { receiptNo: "BL-1015" }),
    entry(6, "interest_payment", "Thu lãi", L1, "2026-11-15", 161200, { receiptNo: "BL-1115" }),
    entry(7, "savings_deposit", "Gửi tiết kiệm", null, "2026-11-15", 50000),
    entry(8, "interest_payment", "Thu lãi", L1, "2026-11-15", 161200, { receiptNo: "BL-1116", reversed: true }),
    entry(9, "reversal", "Hủy bút toán", L1, "2026-11-15", 161200, {
      reverses: E(8), reason: "Thu trùng lãi tháng 11 (biên lai BL-1115)",
    }),
  ],
  currentStatus: null,
  status: [
    { eventId: "0193c0de-5000-7000-8000-000000000001", kind: "moved_away", label: "Đi khỏi địa phương", learnedOn: "2026-09-02", destination: "TP. Hồ Chí Minh",
      source: "Tổ trưởng Phan Văn Sáu", note: "Đi làm công nhân" },
  ],
  traces: [
    { traceId: "0193c0de-7000-7000-8000-000000000001", eventId: "0193c0de-5000-7000-8000-000000000001",
      agency: "police", agencyLabel: "Công an", askedOn: "2026-09-10",
      answer: "Tạm trú tại phường Linh Trung, TP. Thủ Đức", answeredOn: "2026-09-25" },
    { traceId: "0193c0de-7000-7000-8000-000000000002", eventId: "0193c0de-5000-7000-8000-000000000001",
      agency: "social_insurance", agencyLabel: "Bảo hiểm xã hội", askedOn: "2026-10-01", answer: null, answeredOn: null },
  ],
};
statement101.currentStatus = statement101.status[0];
fixture.statements = { [mid(101)]: statement101 };

// The group page's extras: quality of T01, one earlier meeting, the programs.
fixture.quality = {
  [G1]: {
    nBorrowers: 7, nLoans: 9, outstanding: 300000000, current: 250000000, overdue: 5000000, frozen: 45000000,
    overdueRatioPct: "1.67", interestArrears: 1036500, nInactive: 1, inactiveOutstanding: 20000000,
    nMovedAway: 1, movedAwayOutstanding: 50000000,
  },
};
fixture.programs = [
  { code: "01", nameVi: "Cho vay hộ nghèo", nameEn: "Poor households" },
  { code: "06", nameVi: "Cho vay hộ cận nghèo", nameEn: "Near-poor households" },
];
fixture.meetings = {
  [G1]: [
    {
      id: "0193c0de-6000-7000-8000-000000000001", groupId: G1, heldOn: "2026-11-10", kind: "loan_review",
      agenda: "Bình xét cho vay quý IV", minutes: "Tổ họp tại nhà văn hóa thôn Phú Lợi.\nĐồng ý cho 2 hộ vay.",
      recordedBy: "Phạm Quốc Tuấn",
      attendance: [
        { memberId: mid(101), fullName: "Nguyễn Văn An", presence: "present" },
        { memberId: mid(102), fullName: "Trần Thị Bình", presence: "represented" },
        { memberId: mid(103), fullName: "Lê Văn Cường", presence: "absent" },
        { memberId: mid(104), fullName: "Phạm Thị Dung", presence: "present" },
      ],
      decisions: [
        { decision: "loan_request", memberId: mid(102), memberName: "Trần Thị Bình", program: "01", amount: 50000000,
          termMonths: 60, approved: true, note: null },
        { decision: "loan_request", memberId: mid(104), memberName: "Phạm Thị Dung", program: "06", amount: 1250000,
          termMonths: 12, approved: true, note: "Sửa nhà" },
        { decision: "leader_elected", memberId: mid(101), memberName: "Nguyễn Văn An" },
      ],
    },
  ],
};

fixture.reports = reports;

export const entryId = E;
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
  const state = { sessions: {}, calls: [], nextErrors: {}, collections: [], statements: JSON.parse(JSON.stringify(fx.statements ?? {})) };
  // Sync with the district server: not enrolled unless a test says so.
  // A point's laptop ("enrolled") or a supervisor's ("supervisor").
  state.sync =
    opts.sync === "enrolled" || opts.sync === "supervisor"
      ? {
          state: "never",
          server: "https://dongbo.pgd-dongphu.example.vn",
          pending: 42,
          quarantined: 0,
          scope: opts.sync === "supervisor" ? "supervisor" : "point",
        }
      : { state: "not_configured", pending: 0, quarantined: 0 };
  window.__ipc = state;
  // Policy `min_savings_deposit` of the fake point.
  const minDeposit = opts.minSavingsDeposit ?? 5000;

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
      if (r.savingsDeposit > 0 && r.savingsDeposit < minDeposit)
        err("Gửi tiết kiệm", "deposit_below_minimum", r.savingsDeposit, `tối thiểu ${dong(minDeposit)} mỗi lần gửi`);
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
    const settle = checkLeaderReceipts(a, g);
    if (a.handedOver !== null && a.handedOver !== cash && !a.note)
      fail("unexplained_difference", `Tiền nộp ${dong(a.handedOver)} khác số phải nộp ${dong(cash)}: cần ghi chú`);
    settle();
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
    const receipts = a.rows
      .filter((r) => r.interest + r.principal + r.savingsDeposit + r.savingsWithdrawal + r.interestFromSavings > 0)
      .map((r) => {
        const m = fx.members.find((x) => x.memberId === r.memberId);
        const total = r.interest + r.principal + r.savingsDeposit;
        return {
          memberId: r.memberId,
          customerCode: m.customerCode,
          memberName: m.fullName,
          receiptNo: r.receiptNo,
          interest: r.interest,
          principal: r.principal,
          savingsDeposit: r.savingsDeposit,
          savingsWithdrawal: r.savingsWithdrawal,
          interestFromSavings: r.interestFromSavings,
          total,
          totalInWords: words(total),
        };
      });
    return { nEntries: n, cash, sessionId: s ? s.id : null, receipts };
  }

  /** A member's statement: the fixture's, else one loan built from the 13/TD figures. */
  function statementOf(memberId) {
    if (!state.statements[memberId]) {
      const m = fx.members.find((x) => x.memberId === memberId) ?? fail("not_found", `không tìm thấy tổ viên «${memberId}»`);
      const g = fx.groups.find((x) => x.id === m.groupId);
      const d = m.due;
      state.statements[memberId] = {
        date: fx.today,
        member: { memberId, customerCode: m.customerCode, fullName: m.fullName, citizenId: m.citizenId, birthYear: null,
                  village: m.village, phone: null, groupId: g.id, groupCode: g.code, groupName: g.name },
        loans: [{ loanId: memberId.replace("8000-0000", "8000-1000"), accountNo: "74" + m.customerCode.slice(2).padStart(14, "0"),
                  programName: "Cho vay hộ nghèo", disbursedOn: "2025-01-15", amount: d.outstanding, termMonths: 36,
                  status: d.interestArrears ? "overdue" : "current", statusLabel: d.interestArrears ? "Quá hạn" : "Trong hạn",
                  outstanding: d.outstanding, current: d.outstanding, overdue: 0, frozen: 0, interestDue: d.interestDue,
                  interestArrears: d.interestArrears, inactive: false, lastActivity: "2026-11-15",
                  schedule: [{ seq: 1, dueOn: "2028-01-15", amount: d.outstanding }], decisions: [] }],
        savingsBalance: d.savingsBalance, entries: [], currentStatus: null, status: [], traces: [],
      };
    }
    return state.statements[memberId];
  }

  function reverseEntry(a) {
    const st = Object.values(state.statements).find((x) => x.entries.some((e) => e.entryId === a.entryId));
    if (!a.reason.trim()) fail("reason_required", "Hủy bút toán phải ghi lý do");
    if (!fx.staff.some((x) => x.code === a.approver)) fail("not_found", `không tìm thấy cán bộ «${a.approver}»`);
    if (a.approver === a.actor) fail("approver_is_recorder", "Người duyệt hủy phải là người khác (kiểm soát viên)");
    if (a.approverPin !== "1234") fail("wrong_pin", "Mã PIN của người duyệt không đúng");
    if (!st) fail("not_found", `không tìm thấy bút toán «${a.entryId}»`);
    const e = st.entries.find((x) => x.entryId === a.entryId);
    if (e.kind === "reversal") fail("reverse_reversal", "Không hủy một bút toán hủy; hãy ghi lại bút toán đúng");
    if (e.reversed) fail("already_reversed", `Bút toán «${e.entryId}» đã bị hủy trước đó`);
    const s = state.sessions[a.date];
    const inSession = s && !s.closed;
    e.reversed = true;
    const rev = {
      entryId: "0193c0de-e000-7000-8000-9" + String(st.entries.length).padStart(11, "0"),
      kind: "reversal", kindLabel: "Hủy bút toán", accountNo: e.accountNo, valueDate: inSession ? a.date : e.valueDate,
      amount: e.amount, receiptNo: null, sessionId: inSession ? s.id : null, reversed: false, reverses: e.entryId,
      reason: a.reason.trim(),
    };
    st.entries.push(rev);
    st.entries.sort((x, y) => (x.valueDate < y.valueDate ? -1 : x.valueDate > y.valueDate ? 1 : 0));
    const loan = st.loans.find((l) => l.accountNo === e.accountNo);
    if (e.kind === "interest_payment") loan.interestDue += e.amount;
    if (e.kind === "principal_repayment") {
      loan.outstanding += e.amount;
      loan.current += e.amount;
    }
    if (e.kind === "savings_deposit") st.savingsBalance -= e.amount;
    return rev;
  }

  // ---- Counter transactions (docs/ipc.md, "Counter"), checked like the store checks them.
  const programs = [
    { code: "01", name: "Cho vay hộ nghèo", nameEn: "Poor households", installmentEveryMonths: 6 },
    { code: "03", name: "Cho vay hộ cận nghèo", nameEn: "Near-poor households", installmentEveryMonths: 6 },
    { code: "06", name: "Cho vay giải quyết việc làm", nameEn: "Job creation", installmentEveryMonths: 12 },
  ];
  const counterLabels = {
    principal_repayment: "Thu nợ gốc",
    disbursement: "Giải ngân",
    savings_deposit: "Gửi tiết kiệm",
    savings_withdrawal: "Rút tiết kiệm",
  };

  function counterMember(a) {
    const st = statementOf(a.memberId);
    return {
      date: a.date,
      member: st.member,
      currentStatus: st.currentStatus,
      loans: st.loans.map((l) => ({
        loanId: l.loanId, accountNo: l.accountNo, programName: l.programName, disbursedOn: l.disbursedOn,
        amount: l.amount, undisbursed: 0, outstanding: l.outstanding, overdue: l.overdue,
        principalDue: l.overdue, interestDue: l.interestDue, status: l.status, statusLabel: l.statusLabel,
      })),
      savingsBalance: st.savingsBalance,
      minSavingsDeposit: minDeposit,
      programs,
    };
  }

  function openSessionOn(date) {
    const s = state.sessions[date] ?? fail("no_session", `Chưa mở phiên giao dịch ngày ${vnDate(date)}: mở phiên trước khi giao dịch tại quầy`);
    if (s.closed) fail("session_closed", `Phiên giao dịch ngày ${vnDate(date)} đã đóng: không ghi thêm được bút toán`);
    return s;
  }

  function book(st, s, kind, loan, amount, receiptNo, date) {
    const entry = {
      entryId: "0193c0de-e000-7000-8000-8" + String(st.entries.length).padStart(11, "0"),
      kind, kindLabel: counterLabels[kind], accountNo: loan ? loan.accountNo : null, valueDate: date, amount,
      receiptNo, sessionId: s.id, reversed: false, reverses: null, reason: null,
    };
    st.entries.push(entry);
    const sign = kind === "disbursement" || kind === "savings_withdrawal" ? -1 : 1;
    s.expectedCash += sign * amount;
    const tot = s.totals.find((x) => x.kind === kind);
    if (tot) {
      tot.count += 1;
      tot.amount += amount;
    } else s.totals.push({ kind, label: counterLabels[kind], count: 1, amount });
    return { entry, session: s };
  }

  function recordCounterEntry(a) {
    if (!(a.kind in counterLabels)) fail("invalid_input", `kind = «${a.kind}»: tại quầy chỉ ghi giải ngân, thu nợ gốc, gửi hoặc rút tiết kiệm`);
    const st = statementOf(a.memberId);
    const s = openSessionOn(a.date);
    if (!(a.amount > 0)) fail("invalid_amount", `Số tiền = «${dong(a.amount)}»: phải lớn hơn 0`);
    const loan = a.loanId ? st.loans.find((l) => l.loanId === a.loanId) ?? fail("not_found", `không tìm thấy khế ước «${a.loanId}»`) : null;
    if (a.kind === "principal_repayment") {
      if (!loan) fail("bad_kind", "Thu nợ gốc cần khế ước");
      if (a.amount > loan.outstanding)
        fail("overpayment", `Thu nợ gốc = «${dong(a.amount)}»: vượt số phải trả ${dong(loan.outstanding)} của khế ước ${loan.accountNo} ngày ${vnDate(a.date)}`);
      loan.outstanding -= a.amount;
      const fromOverdue = Math.min(loan.overdue, a.amount);
      loan.overdue -= fromOverdue;
      loan.current -= a.amount - fromOverdue;
    }
    if (a.kind === "savings_deposit") {
      if (a.amount < minDeposit) fail("deposit_below_minimum", `Gửi tiết kiệm = «${dong(a.amount)}»: tối thiểu ${dong(minDeposit)} mỗi lần gửi`);
      st.savingsBalance += a.amount;
    }
    if (a.kind === "savings_withdrawal") {
      if (a.amount > st.savingsBalance) fail("savings_below_zero", `Rút tiết kiệm = «${dong(a.amount)}»: số dư tiết kiệm chỉ có ${dong(st.savingsBalance)}`);
      st.savingsBalance -= a.amount;
    }
    if (a.kind === "disbursement") fail("overpayment", "Giải ngân vượt số tiền vay còn lại 0 ₫");
    return book(st, s, a.kind, loan, a.amount, a.receiptNo, a.date);
  }

  function disburseLoan(a) {
    const st = statementOf(a.memberId);
    if (!(a.amount > 0)) fail("invalid_amount", `Số tiền vay = «${dong(a.amount)}»: phải lớn hơn 0`);
    if (!(a.termMonths >= 1 && a.termMonths <= 240)) fail("invalid_input", `Thời hạn = «${a.termMonths}» tháng: từ 1 đến 240 tháng`);
    const s = openSessionOn(a.date);
    const program = programs.find((p) => p.code === a.programCode) ?? fail("not_found", `không tìm thấy chương trình cho vay «${a.programCode}»`);
    const all = Object.values(state.statements).flatMap((x) => x.loans);
    if (all.some((l) => l.accountNo === a.accountNo)) fail("account_exists", `Số khế ước = «${a.accountNo}»: đã có khế ước mang số này`);
    if (!/^\d+$/.test(a.accountNo)) fail("invalid_field", `Số khế ước = «${a.accountNo}»: chỉ gồm chữ số`);
    const loan = {
      loanId: "0193c0de-10a0-7000-8000-9" + String(all.length).padStart(11, "0"), accountNo: a.accountNo,
      programName: program.name, disbursedOn: a.date, amount: a.amount, termMonths: a.termMonths, status: "current",
      statusLabel: "Trong hạn", outstanding: a.amount, current: a.amount, overdue: 0, frozen: 0, interestDue: 0,
      interestArrears: 0, inactive: false, lastActivity: a.date, schedule: [], decisions: [],
    };
    st.loans.push(loan);
    return book(st, s, "disbursement", loan, a.amount, a.receiptNo, a.date);
  }

  // ---- Group leader mode (docs/ipc.md, "Group leader"): TT01 (PIN 1234) leads T01.
  const leaders = { TT01: { pin: "1234", groupId: fx.groups[0].id } };
  const leaderToday = "2026-12-10";
  state.leader = null;
  state.receipts = [];
  const digitsVi = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
  function triple(n, full) {
    const h = Math.floor(n / 100), tn = Math.floor((n % 100) / 10), u = n % 10;
    const w = [];
    if (full || h > 0) w.push(digitsVi[h], "trăm");
    if (tn === 0 && u > 0 && (full || h > 0)) w.push("linh");
    if (tn === 1) w.push("mười");
    else if (tn > 1) w.push(digitsVi[tn], "mươi");
    if (u > 0) w.push(u === 1 && tn > 1 ? "mốt" : u === 5 && tn > 0 ? "lăm" : digitsVi[u]);
    return w.join(" ");
  }
  function words(n) {
    if (n === 0) return "Không đồng";
    const units = ["", "nghìn", "triệu", "tỷ"];
    const groups = [];
    for (let x = n; x > 0; x = Math.floor(x / 1000)) groups.push(x % 1000);
    const parts = [];
    for (let i = groups.length - 1; i >= 0; i--) {
      if (groups[i] === 0) continue;
      parts.push(triple(groups[i], i < groups.length - 1) + (units[i] ? " " + units[i] : ""));
    }
    const s = parts.join(" ");
    return s[0].toUpperCase() + s.slice(1) + " đồng";
  }
  function newReceipt(m, interest, savingsDeposit, receivedOn) {
    const n = state.receipts.length + 1;
    const r = {
      id: "0193c0de-b100-7000-8000-" + String(n).padStart(12, "0"),
      receiptNo: "BL" + String(n).padStart(4, "0"), receivedOn, memberId: m.memberId, customerCode: m.customerCode,
      memberName: m.fullName, interest, savingsDeposit, total: interest + savingsDeposit,
      totalInWords: words(interest + savingsDeposit), state: "pending", voidReason: null, sessionDate: null,
    };
    state.receipts.push(r);
    return r;
  }
  if (opts.leaderReceipts) {
    const byN = (n) => fx.members.find((m) => m.memberId.endsWith(String(n).padStart(12, "0")));
    newReceipt(byN(101), 260000, 50000, "2026-12-03");
    newReceipt(byN(103), 200000, 0, "2026-12-05");
    const v = newReceipt(byN(102), 156000, 0, "2026-12-06");
    v.state = "voided";
    v.voidReason = "Viết nhầm người nộp";
    newReceipt(byN(101), 0, 20000, "2026-12-08");
  }
  function pendingOf(groupId) {
    return state.receipts.filter((r) => r.state === "pending" && fx.members.some((m) => m.memberId === r.memberId && m.groupId === groupId));
  }
  function leaderHome() {
    if (!state.leader) fail("not_signed_in", "Chưa có tổ trưởng nào đăng nhập");
    const code = state.leader;
    const g = fx.groups.find((x) => x.id === leaders[code].groupId);
    const pending = pendingOf(g.id);
    const members = fx.members.filter((m) => m.groupId === g.id).map((m) => {
      const mine = pending.filter((r) => r.memberId === m.memberId);
      return {
        memberId: m.memberId, customerCode: m.customerCode, fullName: m.fullName,
        interestDue: m.due.interestDue, interestCeiling: m.due.interestCeiling, interestArrears: m.due.interestArrears,
        principalDue: m.due.principalDue, savingsBalance: m.due.savingsBalance,
        receiptedInterest: mine.reduce((x, r) => x + r.interest, 0),
        receiptedSavings: mine.reduce((x, r) => x + r.savingsDeposit, 0),
      };
    });
    const receipts = state.receipts
      .filter((r) => members.some((m) => m.memberId === r.memberId))
      .slice()
      .reverse();
    return {
      leaderCode: code, leaderName: fx.staff.find((x) => x.code === code).fullName, group: g,
      pointName: fx.point.pointName, today: leaderToday, sessionDate: fx.today, minSavingsDeposit: minDeposit,
      members, receipts, pendingTotal: pending.reduce((x, r) => x + r.total, 0),
    };
  }
  function leaderRecordReceipt(a) {
    const h = leaderHome();
    const lm = h.members.find((x) => x.memberId === a.memberId) ?? fail("not_found", `không tìm thấy tổ viên «${a.memberId}»`);
    const rows = [];
    const err = (field, code, value, reason) =>
      rows.push({ memberId: lm.memberId, field, code, message: `${lm.fullName}: ${field} = «${dong(value)}»: ${reason}` });
    if (a.interest < 0) err("Thu lãi", "negative_amount", a.interest, "không được âm");
    if (a.savingsDeposit < 0) err("Gửi tiết kiệm", "negative_amount", a.savingsDeposit, "không được âm");
    const room = lm.interestCeiling - lm.receiptedInterest;
    if (a.interest > room) err("Thu lãi", "overpayment", a.interest, `vượt số lãi phải trả ${dong(room)}`);
    if (a.savingsDeposit > 0 && a.savingsDeposit < minDeposit)
      err("Gửi tiết kiệm", "deposit_below_minimum", a.savingsDeposit, `tối thiểu ${dong(minDeposit)} mỗi lần gửi`);
    if (a.interest === 0 && a.savingsDeposit === 0) err("Tổ viên", "empty_receipt", 0, "biên lai không có khoản thu nào");
    if (rows.length) fail("collection_invalid", `Biên lai có ${rows.length} lỗi`, rows);
    return newReceipt(fx.members.find((m) => m.memberId === a.memberId), a.interest, a.savingsDeposit, leaderToday);
  }
  function leaderVoidReceipt(a) {
    if (!state.leader) fail("not_signed_in", "Chưa có tổ trưởng nào đăng nhập");
    const r = state.receipts.find((x) => x.id === a.receiptId) ?? fail("not_found", `không tìm thấy biên lai «${a.receiptId}»`);
    if (!a.reason || !a.reason.trim()) fail("reason_required", "Hủy biên lai phải ghi lý do");
    if (r.state === "settled") fail("receipt_settled", `Biên lai ${r.receiptNo} đã nộp tại phiên`);
    if (r.state === "voided") fail("receipt_voided", `Biên lai ${r.receiptNo} đã hủy`);
    r.state = "voided";
    r.voidReason = a.reason.trim();
    return r;
  }
  /** record_collection's leaderReceipts: each member's list posts at least what their receipts say. */
  function checkLeaderReceipts(a, g) {
    const ids = a.leaderReceipts ?? [];
    if (!ids.length) return () => {};
    const pending = pendingOf(g.id);
    const recs = ids.map((id) => pending.find((r) => r.id === id) ?? fail("not_found", `không tìm thấy biên lai chưa nộp «${id}»`));
    const rows = [];
    for (const mId of new Set(recs.map((r) => r.memberId))) {
      const mine = recs.filter((r) => r.memberId === mId);
      const row = a.rows.find((r) => r.memberId === mId) ?? { interest: 0, savingsDeposit: 0 };
      const m = fx.members.find((x) => x.memberId === mId);
      const si = mine.reduce((x, r) => x + r.interest, 0);
      const ss = mine.reduce((x, r) => x + r.savingsDeposit, 0);
      if (row.interest < si)
        rows.push({ memberId: mId, field: "Thu lãi", code: "receipt_not_posted", message: `${m.fullName}: Thu lãi = «${dong(row.interest)}»: ít hơn biên lai ${dong(si)}` });
      if (row.savingsDeposit < ss)
        rows.push({ memberId: mId, field: "Gửi tiết kiệm", code: "receipt_not_posted", message: `${m.fullName}: Gửi tiết kiệm = «${dong(row.savingsDeposit)}»: ít hơn biên lai ${dong(ss)}` });
    }
    if (rows.length) fail("collection_invalid", `Danh sách tổ ${g.code} có ${rows.length} dòng sai`, rows);
    return () => {
      for (const r of recs) {
        r.state = "settled";
        r.sessionDate = a.date;
      }
    };
  }


  // ---- Credit quality reports (docs/ipc.md): the data of report-fixture.mjs,
  // cut, sorted and ranked as the shell does; the shell's refusals by code.
  const R = fx.reports;
  // Tests may change the reports before a screen asks for them.
  state.reports = R;
  const DEPTH = { office: 0, point: 1, association: 2, group: 3, borrower: 4 };
  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
  const ISO_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
  const thisMonth = fx.today.slice(0, 7);
  function reportDay(d, field) {
    if (d === null || d === undefined || d === "") return fx.today;
    if (!ISO_DAY.test(d)) fail("bad_date", `${field} = «${d}»: ngày không hợp lệ (cần dạng YYYY-MM-DD)`);
    if (d > fx.today) fail("future_date", `Ngày báo cáo = «${vnDate(d)}»: sau ngày hôm nay (${vnDate(fx.today)})`);
    return d;
  }
  function reportMonth(m, field, fallback) {
    if (m === null || m === undefined || m === "") return fallback;
    if (!ISO_MONTH.test(m)) fail("bad_month", `${field} = «${m}»: tháng không hợp lệ (cần dạng YYYY-MM)`);
    return m;
  }
  function notFutureMonth(m) {
    if (m > thisMonth) fail("future_month", `Tháng = «${m.slice(5)}/${m.slice(0, 4)}»: chưa bắt đầu (hôm nay ${vnDate(fx.today)})`);
  }
  const monthEnd = (m) => {
    const last = `${m}-${String(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5)), 0)).getUTCDate()).padStart(2, "0")}`;
    return last < fx.today ? last : fx.today;
  };
  const addMonth = (m, k) => {
    const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5)) - 1 + k;
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
  };
  function subtree(within) {
    const i = R.rows.findIndex((r) => r.id === within);
    if (i < 0) fail("unknown_unit", `Đơn vị = «${within}»: không có trong tổ chức của tệp dữ liệu`);
    let j = i + 1;
    while (j < R.rows.length && DEPTH[R.rows[j].level] > DEPTH[R.rows[i].level]) j++;
    return R.rows.slice(i, j);
  }
  function creditReport(a) {
    const asOf = reportDay(a.asOf, "asOf");
    if (!(a.level in DEPTH)) fail("bad_level", `Cấp = «${a.level}»: chọn office, point, association, group, borrower`);
    const rows = (a.within ? subtree(a.within) : R.rows).filter((r) => DEPTH[r.level] <= DEPTH[a.level]);
    return { asOf, month: asOf.slice(0, 7), level: a.level, within: a.within ?? null, rows };
  }
  // The district's report as the sync server answers a supervisor's laptop:
  // the commune's tree, a second point (DGD-TH) and the office over both;
  // refused as the shell and the server refuse.
  function districtReport(a) {
    districtAsk();
    const asOf = reportDay(a.asOf, "asOf");
    if (!(a.level in DEPTH)) fail("bad_level", `Cấp = «${a.level}»: chọn office, point, association, group, borrower`);
    districtRefusals();
    const [office, point] = R.rows;
    const twice = (f) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, typeof v === "number" ? 2 * v : v]));
    const other = { ...point, id: "0193c0de-0000-7000-8000-0000000000f3", code: "DGD-TH", label: "Điểm giao dịch xã Tân Hòa" };
    const all = [{ ...office, figures: twice(office.figures) }, ...R.rows.slice(1), other];
    const within = a.within ? subtree(a.within).map((r) => r.id) : null;
    const rows = all.filter((r) => DEPTH[r.level] <= DEPTH[a.level] && (!within || within.includes(r.id)));
    // Kept by the shell for export, as last fetched.
    (state.districtKept ??= []).push(`${asOf}/${a.level}/${a.within ?? ""}`);
    return fromServer({ asOf, month: asOf.slice(0, 7), level: a.level, within: a.within ?? null, rows });
  }
  // Any district report: refused as the shell and the server refuse.
  function districtAsk() {
    if (state.sync.state === "not_configured") fail("not_enrolled", "máy này chưa đăng ký với máy chủ");
  }
  function districtRefusals() {
    if (state.offline) fail("unreachable", "không kết nối được máy chủ https://dongbo.pgd-dongphu.example.vn sau 3 lần thử: connection refused");
    if (state.sync.scope !== "supervisor") fail("forbidden", "chỉ máy của cán bộ giám sát được xem báo cáo toàn quận/huyện");
  }
  function fromServer(report) {
    state.through = (state.through ?? 48210) + 7;
    return { report, server: state.sync.server, through: state.through, fetchedAt: "2026-12-15T07:05:00Z" };
  }
  // The other district reports: this laptop's, computed by `local`, with the
  // second point's (DGD-TH) group T21 and its borrower KH002101 added by `more`.
  function districtOther(a, local, more = (x) => x) {
    districtAsk();
    const report = local(a);
    districtRefusals();
    return fromServer(more(report));
  }
  const OTHER_GROUP = "0193c0de-0000-7000-8000-0000000000f4";
  const OTHER_MEMBER = "0193c0de-0000-7000-8000-0000000000f5";
  function groupRatings(a) {
    const month = reportMonth(a.month, "month", thisMonth);
    notFutureMonth(month);
    const v = schemeInfo(month);
    return { ...R.ratings, month, asOf: monthEnd(month), schemeFrom: v.from, scheme: v.scheme };
  }
  function feeReport(a) {
    const month = reportMonth(a.month, "month", thisMonth);
    notFutureMonth(month);
    return { ...R.fees, month, asOf: monthEnd(month) };
  }
  function watchlist(a) {
    if (!(a.kind in R.watchlists)) fail("bad_watchlist", `Danh sách = «${a.kind}»: chọn due, overdue, arrears, inactive, moved_away`);
    if (a.sort !== "amount" && a.sort !== "age") fail("bad_sort", `Sắp xếp = «${a.sort}»: chọn amount hoặc age`);
    const asOf = a.kind === "due" ? (a.date ?? fx.today) : reportDay(a.date, "date");
    let rows = R.watchlists[a.kind];
    if (a.within) {
      const members = new Set(subtree(a.within).map((r) => r.id));
      rows = rows.filter((r) => members.has(r.memberId));
    }
    const key = a.sort === "amount" ? (r) => [r.amount, r.ageDays] : (r) => [r.ageDays, r.amount];
    rows = [...rows].sort((x, y) => {
      const [x1, x2] = key(x);
      const [y1, y2] = key(y);
      return y1 - x1 || y2 - x2 || (x.customerCode < y.customerCode ? -1 : x.customerCode > y.customerCode ? 1 : 0);
    });
    return { kind: a.kind, title: R.watchTitles[a.kind], asOf, sort: a.sort, within: a.within ?? null, rows,
      total: rows.reduce((n, r) => n + r.amount, 0) };
  }
  const PERCENT = ["overdue_ratio", "frozen_ratio", "interest_collection_rate"];
  function indicatorValue(ind, f) {
    switch (ind) {
      case "overdue_ratio": return f.overdueRatioPct;
      case "frozen_ratio": return f.frozenRatioPct;
      case "interest_collection_rate": return f.interestCollectionRatePct;
      case "overdue": return String(f.overdue);
      case "overdue_change_since_jan1": return String(f.overdueChangeSinceJan1);
      case "overdue_change_since_last_month": return String(f.overdueChangeSinceLastMonth);
      case "interest_arrears": return String(f.interestArrears);
      case "inactive": return String(f.nInactive);
      case "moved_away_outstanding": return String(f.movedAwayOutstanding);
      default: return String(f.outstanding);
    }
  }
  function compareUnits(a) {
    const asOf = reportDay(a.asOf, "asOf");
    if (!["point", "association", "group", "borrower"].includes(a.level)) fail("bad_level", `Cấp = «${a.level}»: chọn point, association, group, borrower`);
    if (!(a.indicator in R.indicatorLabels)) fail("bad_indicator", `Chỉ tiêu = «${a.indicator}»: không có`);
    const better = a.indicator === "interest_collection_rate" || a.indicator === "outstanding";
    const unit = PERCENT.includes(a.indicator) ? "percent" : a.indicator === "inactive" ? "count" : "dong";
    const units = R.rows.filter((r) => r.level === a.level);
    const whole = a.level === "point" ? R.rows[0] : R.rows[1];
    const wholeValue = indicatorValue(a.indicator, whole.figures);
    const k = (v) => (better ? Number(v) : -Number(v));
    const fmt = (n) => (unit === "percent" ? n.toFixed(2).replace(/\.?0+$/, "") || "0" : String(Math.round(n)));
    const rows = units
      .map((u) => ({ u, value: indicatorValue(a.indicator, u.figures) }))
      .sort((x, y) => (x.value === null) - (y.value === null) || k(y.value) - k(x.value) || (x.u.code < y.u.code ? -1 : 1))
      .map(({ u, value }) => ({ rank: null, id: u.id, code: u.code, label: u.label, value,
        difference: value === null || wholeValue === null ? null : fmt(Number(value) - Number(wholeValue)),
        worseThanWhole: value !== null && wholeValue !== null && k(value) < k(wholeValue), figures: u.figures }));
    let prev = null;
    rows.forEach((r, i) => {
      if (r.value === null) return;
      r.rank = prev && prev.value === r.value ? prev.rank : i + 1;
      prev = r;
    });
    const measured = rows.filter((r) => r.value !== null);
    return { asOf, level: a.level, indicator: a.indicator, indicatorLabel: R.indicatorLabels[a.indicator].replace(" (%)", ""),
      unit, higherIsBetter: better, wholeLabel: whole.label, whole: whole.figures, wholeValue,
      spread: measured.length ? fmt(Math.abs(Number(measured[0].value) - Number(measured[measured.length - 1].value))) : null, rows };
  }
  function reportSeries(a) {
    const to = reportMonth(a.to, "to", thisMonth);
    const from = reportMonth(a.from, "from", addMonth(to, -11));
    notFutureMonth(to);
    let n = 0;
    for (let m = from; m <= to; m = addMonth(m, 1)) n++;
    if (from > to || n > 36) fail("bad_range", `Từ tháng ${from} đến tháng ${to}: tháng đầu phải không sau tháng cuối, tối đa 36 tháng`);
    const keep = R.series.months.map((m, i) => [m, i]).filter(([m]) => m.month >= from && m.month <= to);
    return { months: keep.map(([m]) => m), lines: R.series.lines.map((l) => ({ ...l, values: keep.map(([, i]) => l.values[i]) })) };
  }
  function schemeInfo(month) {
    state.schemes = state.schemes ?? [];
    const v = [...state.schemes].reverse().find((x) => x.from <= month);
    return { month, from: v ? v.from : null, scheme: v ? v.scheme : R.ratings.scheme, standard: R.ratings.scheme,
      versions: state.schemes };
  }
  function setRatingScheme(a) {
    if (!fx.staff.some((x) => x.code === a.actor)) fail("not_found", `không tìm thấy cán bộ «${a.actor}»`);
    const from = reportMonth(a.from, "from", thisMonth);
    const num = (s) => Number(String(s).replace(",", "."));
    const total = a.scheme.criteria.reduce((n, c) => n + Math.round(num(c.weight) * 100), 0);
    if (a.scheme.criteria.some((c) => Number.isNaN(num(c.weight)))) fail("bad_rating_scheme", "điểm tối đa: không phải là số");
    if (total !== 10000) fail("bad_rating_scheme", `tổng điểm tối đa = «${total / 100}»: các tiêu chí phải cộng lại đúng 100 điểm`);
    const b = a.scheme.bands;
    if (!(num(b.tot) > num(b.kha) && num(b.kha) > num(b.trungBinh) && num(b.trungBinh) > 0))
      fail("bad_rating_scheme", `bands = «${b.tot}/${b.kha}/${b.trungBinh}»: phải là Tốt > Khá > Trung bình > 0`);
    const dot = (s) => String(s).replace(",", ".");
    const scheme = {
      criteria: a.scheme.criteria.map((c) => ({ ...R.ratings.scheme.criteria.find((x) => x.criterion === c.criterion),
        weight: dot(c.weight), fullAt: dot(c.fullAt), zeroAt: dot(c.zeroAt) })),
      bands: { tot: dot(b.tot), kha: dot(b.kha), trungBinh: dot(b.trungBinh) },
    };
    state.schemes = [...(state.schemes ?? []).filter((x) => x.from !== from), { from, scheme }].sort((x, y) => (x.from < y.from ? -1 : 1));
    return schemeInfo(from);
  }
  function setFeeRate(a) {
    if (!fx.staff.some((x) => x.code === a.actor)) fail("not_found", `không tìm thấy cán bộ «${a.actor}»`);
    const pct = Number(String(a.ratePct).replace(",", "."));
    if (String(a.ratePct).trim() === "" || Number.isNaN(pct) || pct < 0) fail("bad_fee_rate", `Tỷ lệ (%/tháng) = «${a.ratePct}»: không phải là số không âm`);
    const rates = state.feeRates ?? JSON.parse(JSON.stringify(R.feeRates));
    const other = a.kind === "association_fee" ? "group_commission" : "association_fee";
    const otherRate = Number([...rates.rates].filter((r) => r.kind === other && r.from <= a.from).pop()?.ratePct ?? 0);
    if (Math.round((pct + otherRate) * 1000) > 125) fail("bad_fee_rate", `--percent = «${a.ratePct}»: vượt mức tối đa 0,125 %/tháng`);
    rates.rates = [...rates.rates.filter((r) => !(r.kind === a.kind && r.from === a.from)),
      { kind: a.kind, label: a.kind === "association_fee" ? "Phí ủy thác (hội)" : "Hoa hồng (tổ)", from: a.from, ratePct: String(pct) }]
      .sort((x, y) => (x.kind + x.from < y.kind + y.from ? -1 : 1));
    state.feeRates = rates;
    return rates;
  }

  // export_document: the file the shell would write, named as it names it
  // (docs/ipc.md), numbered « (2)»… when the name is taken; nothing is written.
  function exportDocument(r) {
    if (r.source === "server") {
      if (!["credit_report", "ratings", "fees", "watchlist", "comparison"].includes(r.document))
        fail("invalid_input", "máy chủ không tính báo cáo này");
      // The report already fetched is exported from what the shell kept; another is fetched.
      const kept = (state.districtKept ?? []).includes(`${r.asOf ?? fx.today}/${r.level ?? "group"}/${r.within ?? ""}`);
      if (!kept && state.offline) fail("unreachable", "không kết nối được máy chủ");
    }
    const pdfOnly = ["public_notice", "receipts", "minutes"];
    const xlsxOnly = ["comparison", "month_reports"];
    if (r.format !== "xlsx" && r.format !== "pdf") fail("bad_format", `Định dạng = «${r.format}»: chọn xlsx hoặc pdf`);
    if ((r.format === "xlsx" && pdfOnly.includes(r.document)) || (r.format === "pdf" && xlsxOnly.includes(r.document)))
      fail("no_such_form", "tài liệu này không có dạng đó");
    const dmy = (iso) => iso.split("-").reverse().join("-");
    const day = r.date ?? r.asOf ?? fx.today;
    const group = fx.groups.find((g) => g.id === r.groupId);
    const names = {
      credit_report: `Chất lượng tín dụng ngày ${dmy(r.asOf ?? fx.today)}`,
      ratings: `Xếp loại tổ tháng ${(r.month ?? "").split("-").reverse().join("-")}`,
      fees: `Phí ủy thác và hoa hồng tháng ${(r.month ?? "").split("-").reverse().join("-")}`,
      comparison: `So sánh ngày ${dmy(r.asOf ?? fx.today)}`,
      watchlist: `Danh sách ${r.kind} ngày ${dmy(day)}`,
      collection_list: `Mẫu 13-TD tổ ${group?.code} phiên ${dmy(day)}`,
      public_notice: `Niêm yết công khai ngày ${dmy(day)}`,
      receipts: group ? `Biên lai 01-BL tổ ${group.code} ngày ${dmy(day)}` : `Biên lai 01-BL ngày ${dmy(day)}`,
      minutes: `Biên bản họp tổ ${group?.code}`,
    };
    const stem = names[r.document];
    if (!stem) fail("bad_document", `Tài liệu = «${r.document}»: không có mẫu này`);
    state.exported = state.exported ?? {};
    const n = (state.exported[stem + r.format] = (state.exported[stem + r.format] ?? 0) + 1);
    const fileName = `${stem}${n > 1 ? ` (${n})` : ""}.${r.format}`;
    const folder = "/home/canbo/Tài liệu/Phiên";
    return { path: `${folder}/${fileName}`, folder, fileName, bytes: 24576, pages: r.format === "pdf" ? 2 : null };
  }

  function handle(cmd, a) {
    switch (cmd) {
      case "export_document":
        return exportDocument(a.request);
      case "credit_report":
        return creditReport(a);
      case "district_credit_report":
        return districtReport(a);
      case "group_ratings":
        return groupRatings(a);
      case "district_group_ratings":
        return districtOther(a, groupRatings, (r) => {
          const other = { ...r.groups[0], groupId: OTHER_GROUP, code: "T21", label: "Tổ bà Lê Thị Hoa", association: "Hội Nông dân xã Tân Hòa" };
          const grade = other.grade === "trung_binh" ? "trungBinh" : other.grade;
          return { ...r, groups: [...r.groups, other], counts: { ...r.counts, [grade]: r.counts[grade] + 1 } };
        });
      case "watchlist":
        return watchlist(a);
      case "district_watchlist":
        return districtOther(a, watchlist, (w) => {
          if (a.within || w.rows.length === 0) return w;
          const other = { ...w.rows[0], memberId: OTHER_MEMBER, customerCode: "KH002101", name: "Nguyễn Văn Bình", groupCode: "T21", groupLabel: "Tổ bà Lê Thị Hoa", amount: 1250000 };
          return { ...w, rows: [...w.rows, other], total: w.total + other.amount };
        });
      case "fee_report":
        return feeReport(a);
      case "district_fee_report":
        return districtOther(a, feeReport);
      case "compare_units":
        return compareUnits(a);
      case "district_compare_units":
        return districtOther(a, compareUnits);
      case "report_series":
        return reportSeries(a);
      case "rating_scheme":
        return schemeInfo(reportMonth(a.month, "month", thisMonth));
      case "set_rating_scheme":
        return setRatingScheme(a);
      case "fee_rates":
        return state.feeRates ?? R.feeRates;
      case "set_fee_rate":
        return setFeeRate(a);
      case "leader_sign_in": {
        const code = String(a.code ?? "").trim().toUpperCase();
        const s = fx.staff.find((x) => x.code === code) ?? fail("not_found", `không tìm thấy người dùng «${code}»`);
        if (s.role !== "group_leader" || !leaders[code]) fail("not_group_leader", `«${code}» không phải tổ trưởng`);
        if (a.pin !== leaders[code].pin) fail("wrong_pin", "Mã PIN không đúng");
        state.leader = code;
        return leaderHome();
      }
      case "leader_sign_out":
        state.leader = null;
        return null;
      case "leader_home":
        return leaderHome();
      case "leader_record_receipt":
        return leaderRecordReceipt(a);
      case "leader_void_receipt":
        return leaderVoidReceipt(a);
      case "leader_records": {
        const recs = pendingOf(a.groupId);
        return { receipts: recs, total: recs.reduce((x, r) => x + r.total, 0) };
      }
      case "home":
        return {
          ...fx.point,
          today: fx.today,
          nextSessionDate: fx.today,
          todaySession: state.sessions[fx.today] ?? null,
          watch: fx.watch,
          sync: state.sync,
        };
      case "sync_now": {
        if (state.sync.state === "not_configured") fail("not_enrolled", "máy này chưa đăng ký với máy chủ");
        if (state.offline) {
          state.sync = { ...state.sync, state: "error", lastError: "không kết nối được máy chủ (unreachable)" };
          fail("unreachable", "không kết nối được máy chủ https://dongbo.pgd-dongphu.example.vn sau 5 lần thử: connection refused");
        }
        const sent = state.sync.pending;
        state.sync = { ...state.sync, state: "ok", lastSyncAt: "2026-12-15T03:05:00Z", lastError: undefined, pending: 0 };
        return { sent, acknowledged: sent, refused: 0, received: 7, state: state.sync };
      }
      case "enrol_device": {
        // The shell's checks (src-tauri/src/commands.rs, enrol_device), then a
        // server that knows one code, K7QM-XR3D-9PTA, and one used up, USED-USED-USED.
        const url = String(a.serverUrl ?? "").trim().replace(/\/+$/, "");
        if (url === "") fail("server_url_required", "Địa chỉ máy chủ: chưa nhập");
        if (!/^https?:\/\/[^\s/?#]+/i.test(url)) fail("server_url_invalid", `Địa chỉ máy chủ = «${url}»: phải bắt đầu bằng https://`);
        const code = String(a.code ?? "").replace(/[-\s]/g, "").toUpperCase();
        if (code === "") fail("enrol_code_required", "Mã đăng ký: chưa nhập");
        if (!/^[A-Z0-9]{12}$/.test(code)) fail("enrol_code_invalid", `Mã đăng ký = «${a.code}»: phải gồm 12 chữ cái và chữ số`);
        if (!String(a.deviceName ?? "").trim()) fail("device_name_invalid", "Tên máy = «»: phải có từ 1 đến 100 ký tự");
        if (state.sync.state !== "not_configured") fail("already_enrolled", `máy này đã đăng ký với máy chủ «${state.sync.server}»`);
        if (state.offline) fail("unreachable", `không kết nối được máy chủ ${url} sau 5 lần thử: connection refused`);
        if (code === "USEDUSEDUSED") fail("bad_code", `Mã đăng ký = «${a.code}»: máy chủ không nhận: mã đăng ký đã được dùng; hãy xin mã mới`);
        if (code !== "K7QMXR3D9PTA") fail("bad_code", `Mã đăng ký = «${a.code}»: máy chủ không nhận: mã đăng ký không đúng`);
        state.sync = { state: "never", server: url, pending: 42, quarantined: 0 };
        return state.sync;
      }
      case "staff":
        return fx.staff;
      case "groups":
        return fx.groups;
      case "collection_list": {
        const g = fx.groups.find((x) => x.id === a.groupId) ?? fail("not_found", `Không có tổ «${a.groupId}»`);
        return {
          group: g,
          date: a.date,
          members: fx.members.filter((m) => m.groupId === g.id).map(dueOf),
          minSavingsDeposit: minDeposit,
        };
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
      case "statement": {
        const st = statementOf(a.memberId);
        return { ...st, date: a.date, entries: st.entries.filter((e) => e.valueDate <= a.date) };
      }
      case "reverse_entry":
        return reverseEntry(a);
      case "counter_member":
        return counterMember(a);
      case "record_counter_entry":
        return recordCounterEntry(a);
      case "disburse_loan":
        return disburseLoan(a);
      case "group_page": {
        const g = fx.groups.find((x) => x.id === a.groupId) ?? fail("not_found", `không tìm thấy tổ «${a.groupId}»`);
        state.meetings = state.meetings ?? JSON.parse(JSON.stringify(fx.meetings));
        return {
          group: g, date: a.date,
          members: fx.members.filter((m) => m.groupId === g.id)
            .map((m) => ({ memberId: m.memberId, customerCode: m.customerCode, fullName: m.fullName, village: m.village })),
          quality: fx.quality[g.id] ?? null,
          meetings: [...(state.meetings[g.id] ?? [])].sort((x, y) => (x.heldOn < y.heldOn ? 1 : -1)),
          programs: fx.programs,
        };
      }
      case "record_meeting": {
        const m = a.meeting;
        if (m.heldOn > fx.today) fail("future_date", `Ngày họp = «${vnDate(m.heldOn)}»: sau ngày hôm nay (${vnDate(fx.today)})`);
        if (!m.minutes.trim()) fail("invalid_meeting", "Nội dung biên bản: không được để trống");
        state.meetings = state.meetings ?? JSON.parse(JSON.stringify(fx.meetings));
        const name = (id) => fx.members.find((x) => x.memberId === id)?.fullName ?? id;
        const rec = {
          id: "0193c0de-6000-7000-8000-1" + String(state.calls.length).padStart(11, "0"),
          groupId: m.groupId, heldOn: m.heldOn, kind: m.kind, agenda: m.agenda, minutes: m.minutes,
          recordedBy: fx.staff.find((x) => x.code === a.actor)?.fullName ?? a.actor,
          attendance: m.attendance.map((x) => ({ ...x, fullName: name(x.memberId) })),
          decisions: m.decisions.map((d) => ({ ...d, memberName: d.memberId ? name(d.memberId) : null })),
        };
        (state.meetings[m.groupId] = state.meetings[m.groupId] ?? []).push(rec);
        return rec;
      }
      case "add_status_event": {
        if (a.learnedOn > fx.today) fail("future_date", `Ngày biết tin = «${vnDate(a.learnedOn)}»: sau ngày hôm nay (${vnDate(fx.today)})`);
        const st = statementOf(a.memberId);
        const labels = { moved_away: "Đi khỏi địa phương", returned: "Đã trở về", deceased: "Đã chết", missing: "Mất tích" };
        const ev = { eventId: "0193c0de-5000-7000-8000-1" + String(state.calls.length).padStart(11, "0"), kind: a.kind,
          label: labels[a.kind], learnedOn: a.learnedOn, destination: a.destination, source: a.source, note: a.note };
        st.status.push(ev);
        st.currentStatus = ev;
        return ev;
      }
      case "add_trace": {
        const st = Object.values(state.statements).find((x) => x.status.some((e) => e.eventId === a.eventId))
          ?? fail("not_found", `không tìm thấy sự kiện «${a.eventId}»`);
        const labels = { police: "Công an", social_insurance: "Bảo hiểm xã hội", tax: "Cơ quan thuế", other: "Cơ quan khác" };
        const tr = { traceId: "0193c0de-7000-7000-8000-1" + String(state.calls.length).padStart(11, "0"), eventId: a.eventId,
          agency: a.agency, agencyLabel: labels[a.agency], askedOn: a.askedOn, answer: null, answeredOn: null };
        st.traces.push(tr);
        return tr;
      }
      case "answer_trace": {
        const tr = Object.values(state.statements).flatMap((x) => x.traces).find((x) => x.traceId === a.traceId)
          ?? fail("not_found", `không tìm thấy dòng tra cứu «${a.traceId}»`);
        tr.answer = a.answer;
        tr.answeredOn = a.answeredOn;
        return null;
      }
      case "add_risk_decision": {
        const d = a.decision;
        const st = Object.values(state.statements).find((x) => x.loans.some((l) => l.loanId === d.loanId))
          ?? fail("not_found", `không tìm thấy khế ước «${d.loanId}»`);
        const loan = st.loans.find((l) => l.loanId === d.loanId);
        const measures = { extension: "Gia hạn nợ", freeze: "Khoanh nợ", write_off: "Xóa nợ" };
        const line = { decisionNo: d.decisionNo, decidedOn: d.decidedOn, measureCode: d.measure, measure: measures[d.measure],
          detail: "(chi tiết)", reason: d.reason, newDueOn: d.newDueOn, installmentSeq: d.installmentSeq,
          frozenFrom: d.measure === "freeze" ? (d.frozenFrom ?? d.decidedOn) : null, frozenUntil: d.frozenUntil,
          principal: d.principal, interest: d.interest };
        loan.decisions.push(line);
        return line;
      }
      default:
        throw `command ${cmd} not found`;
    }
  }

  mockIPC((cmd, args) => {
    const a = args ? JSON.parse(JSON.stringify(args)) : {};
    state.calls.push({ cmd, args: a });
    // While a group leader is signed in the shell refuses every officer command.
    if (state.leader && cmd !== "staff" && !(cmd.startsWith("leader_") && cmd !== "leader_records")) {
      throw { code: "leader_mode", message: "Tổ trưởng đang đăng nhập: chỉ dùng được các chức năng của tổ trưởng" };
    }
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
