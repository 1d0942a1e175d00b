// The credit quality reports of the fake commune (tests and mocked
// screenshots): built here in Node from a few borrower lines, summed up the
// tree the way the shell does, so every level agrees with the one below it.
// The fake backend (fixture.mjs) only cuts, sorts and ranks what is built here.
// Four associations with one group each: T01 (Hội Nông dân) and T02 (Hội Liên
// hiệp Phụ nữ) are the fixture's groups; T03 and T04 exist only here.

const U = (n) => `0193c0de-0000-7000-8000-0000000000${n}`;
const mid = (n) => `0193c0de-0000-7000-8000-${String(n).padStart(12, "0")}`;
export const OFFICE = U("f1");
export const POINT = U("f2");
export const HND = U("b1");
export const HPN = U("b2");
export const CCB = U("b3");
export const DTN = U("b4");
const G = { T01: U("a1"), T02: U("a2"), T03: U("a3"), T04: U("a4") };
export const GROUP3 = G.T03;
export const GROUP4 = G.T04;

const ratio = (num, den) => {
  if (den <= 0) return "0";
  const bp = Math.round((num * 10000) / den);
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
};

// One line per borrower: [member n, code, name, group, outstanding, overdue, frozen,
// Δ since 01/01, Δ since last month, arrears, inactive loans, inactive amount,
// interest due, collected, moved away?]
const B = [
  [101, "KH000101", "Nguyễn Văn An", "T01", 50000000, 11250000, 0, 6250000, 0, 0, 1, 1000000, 260000, 260000, true],
  [102, "KH000102", "Trần Thị Bình", "T01", 30000000, 0, 0, 0, 0, 0, 0, 0, 156000, 156000, false],
  [103, "KH000103", "Lê Văn Cường", "T01", 40000000, 0, 0, 0, 0, 204500, 0, 0, 412500, 208000, false],
  [104, "KH000104", "Phạm Thị Dung", "T01", 25000000, 0, 0, 0, 0, 0, 0, 0, 130000, 130000, false],
  [105, "KH000105", "Hoàng Văn Đức", "T01", 60000000, 0, 0, -5000000, 0, 0, 0, 0, 312000, 312000, false],
  [106, "KH000106", "Vũ Thị Hạnh", "T01", 15000000, 0, 0, 0, 0, 0, 0, 0, 78000, 78000, false],
  [107, "KH000107", "Đặng Văn Khoa", "T01", 80000000, 30000000, 0, 30000000, 10000000, 832000, 1, 80000000, 1248000, 0, false],
  [201, "KH000201", "Bùi Thị Lan", "T02", 35000000, 0, 0, 0, 0, 0, 0, 0, 182000, 182000, false],
  [202, "KH000202", "Đỗ Văn Minh", "T02", 45000000, 0, 0, -3000000, -3000000, 0, 0, 0, 234000, 234000, false],
  [203, "KH000203", "Ngô Thị Nga", "T02", 20000000, 0, 0, 0, 0, 0, 0, 0, 104000, 104000, false],
  [204, "KH000204", "Dương Văn Phúc", "T02", 50000000, 0, 0, 0, 0, 130000, 0, 0, 390000, 260000, false],
  [205, "KH000205", "Lý Thị Quyên", "T02", 10000000, 0, 0, 0, 0, 0, 1, 10000000, 52000, 52000, false],
  [401, "KH000401", "Trịnh Văn Lực", "T03", 42000000, 0, 8000000, 0, 0, 0, 0, 0, 176800, 176800, false],
  [402, "KH000402", "Mai Thị Oanh", "T03", 28000000, 2000000, 0, 2000000, 2000000, 96000, 1, 5000000, 145600, 49600, false],
  [501, "KH000501", "Châu Văn Sơn", "T04", 36000000, 0, 0, 0, 0, 0, 0, 0, 187200, 187200, false],
  [502, "KH000502", "Tạ Thị Uyên", "T04", 18000000, 0, 0, -1000000, 0, 0, 0, 0, 93600, 93600, false],
];

const sum = (rows, f) => rows.reduce((n, r) => n + f(r), 0);

function figures(parts) {
  const f = {
    nBorrowers: sum(parts, (p) => p.nBorrowers),
    nLoans: sum(parts, (p) => p.nLoans),
    outstanding: sum(parts, (p) => p.outstanding),
    frozen: sum(parts, (p) => p.frozen),
    overdue: sum(parts, (p) => p.overdue),
    nOverdueLoans: sum(parts, (p) => p.nOverdueLoans),
    overdueChangeSinceJan1: sum(parts, (p) => p.overdueChangeSinceJan1),
    overdueChangeSinceLastMonth: sum(parts, (p) => p.overdueChangeSinceLastMonth),
    interestArrears: sum(parts, (p) => p.interestArrears),
    nArrearsLoans: sum(parts, (p) => p.nArrearsLoans),
    nInactive: sum(parts, (p) => p.nInactive),
    inactiveOutstanding: sum(parts, (p) => p.inactiveOutstanding),
    nMovedAway: sum(parts, (p) => p.nMovedAway),
    movedAwayOutstanding: sum(parts, (p) => p.movedAwayOutstanding),
    nMovedAwayNotTraced: sum(parts, (p) => p.nMovedAwayNotTraced),
    nMovedAwayAwaitingAnswer: sum(parts, (p) => p.nMovedAwayAwaitingAnswer),
    nMovedAwayAnswered: sum(parts, (p) => p.nMovedAwayAnswered),
    interestDue: sum(parts, (p) => p.interestDue),
    interestCollected: sum(parts, (p) => p.interestCollected),
  };
  return finish(f);
}

function finish(f) {
  f.current = f.outstanding - f.overdue - f.frozen;
  f.overdueAtYearStart = f.overdue - f.overdueChangeSinceJan1;
  f.overdueAtLastMonthEnd = f.overdue - f.overdueChangeSinceLastMonth;
  f.overdueRatioPct = ratio(f.overdue, f.outstanding);
  f.frozenRatioPct = ratio(f.frozen, f.outstanding);
  f.interestCollectionRatePct = f.interestDue > 0 ? ratio(f.interestCollected, f.interestDue) : null;
  return f;
}

const borrowerRows = B.map(([n, code, label, group, out, od, fr, dj, dm, arr, ni, ia, due, col, moved]) => ({
  level: "borrower",
  id: mid(n),
  parentId: G[group],
  code,
  label,
  group,
  figures: finish({
    nBorrowers: 1, nLoans: 1 + (ni && n === 101 ? 1 : 0), outstanding: out, frozen: fr, overdue: od, nOverdueLoans: od > 0 ? 1 : 0,
    overdueChangeSinceJan1: dj, overdueChangeSinceLastMonth: dm, interestArrears: arr, nArrearsLoans: arr > 0 ? 1 : 0,
    nInactive: ni, inactiveOutstanding: ia, nMovedAway: moved ? 1 : 0, movedAwayOutstanding: moved ? out : 0,
    nMovedAwayNotTraced: 0, nMovedAwayAwaitingAnswer: 0, nMovedAwayAnswered: moved ? 1 : 0,
    interestDue: due, interestCollected: col,
  }),
}));

const groupUnits = [
  ["T01", "Tổ TK&VV thôn Phú Lợi", HND],
  ["T02", "Tổ TK&VV thôn Tân Hòa", HPN],
  ["T03", "Tổ TK&VV thôn Bình Minh", CCB],
  ["T04", "Tổ TK&VV thôn Suối Cát", DTN],
];
const associationUnits = [
  [HND, "HND", "Hội Nông dân"],
  [HPN, "HPN", "Hội Liên hiệp Phụ nữ"],
  [CCB, "CCB", "Hội Cựu chiến binh"],
  [DTN, "DTN", "Đoàn Thanh niên"],
];

const groupRows = groupUnits.map(([code, label, parentId]) => ({
  level: "group", id: G[code], parentId, code, label,
  figures: figures(borrowerRows.filter((b) => b.group === code).map((b) => b.figures)),
}));
const associationRows = associationUnits.map(([id, code, label]) => ({
  level: "association", id, parentId: POINT, code, label,
  figures: figures(groupRows.filter((g) => g.parentId === id).map((g) => g.figures)),
}));
const pointRow = { level: "point", id: POINT, parentId: OFFICE, code: "DGD-TP", label: "Điểm giao dịch xã Tân Phú",
  figures: figures(associationRows.map((a) => a.figures)) };
const officeRow = { level: "office", id: OFFICE, parentId: null, code: "5610", label: "Phòng giao dịch NHCSXH huyện Đồng Phú",
  figures: figures([pointRow.figures]) };

/** Every line in tree order (the shell's order): office, point, each association, its group, the group's borrowers. */
const rows = [officeRow, pointRow];
for (const a of associationRows) {
  rows.push(a);
  for (const g of groupRows.filter((x) => x.parentId === a.id)) {
    rows.push(g);
    rows.push(...borrowerRows.filter((b) => b.parentId === g.id).map(({ group, ...b }) => b));
  }
}

// Group ratings of December 2026: points per criterion (weights 20, 15, 20, 5, 10, 30).
const CRITERIA = [
  ["gd_tai_xa", "Giao dịch tại xã", "20", "100", "0", "dong"],
  ["thu_no_den_han", "Thu nợ đến hạn", "15", "100", "80", "dong"],
  ["thu_lai", "Tỷ lệ thu lãi", "20", "100", "80", "dong"],
  ["tv_tiet_kiem", "Tổ viên tham gia tiền gửi", "5", "100", "50", "members"],
  ["tang_tiet_kiem", "Số dư tiền gửi tăng thêm", "10", "1", "0", "dong"],
  ["no_qua_han", "Tỷ lệ nợ quá hạn", "30", "0", "2", "dong"],
];
const scheme = {
  criteria: CRITERIA.map(([criterion, label, weight, fullAt, zeroAt]) => ({ criterion, label, weight, fullAt, zeroAt })),
  bands: { tot: "90", kha: "80", trungBinh: "70" },
};
// [numerator, denominator, valuePct | null, points] per criterion.
const BREAKDOWNS = {
  T01: [[4700000, 4800000, "97.92", "19.58"], [10000000, 10000000, "100", "15"], [1144000, 2596500, "44.06", "0"],
        [6, 7, "85.71", "3.57"], [50000, 4850000, "1.03", "10"], [41250000, 300000000, "13.75", "0"]],
  T02: [[1000000, 1000000, "100", "20"], [3000000, 3000000, "100", "15"], [832000, 962000, "86.49", "6.49"],
        [5, 5, "100", "5"], [0, 1990000, "0", "0"], [0, 160000000, "0", "30"]],
  T03: [[200000, 226400, "88.34", "17.67"], [0, 0, null, "15"], [226400, 322400, "70.22", "0"],
        [2, 2, "100", "5"], [20000, 400000, "5", "10"], [2000000, 70000000, "2.86", "0"]],
  T04: [[280800, 280800, "100", "20"], [0, 0, null, "15"], [280800, 280800, "100", "20"],
        [2, 2, "100", "5"], [30000, 500000, "6", "10"], [0, 54000000, "0", "30"]],
};
const cents = (s) => Math.round(Number(s) * 100);
const fromCents = (c) => (c % 100 ? `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, "0")}` : String(c / 100));
const gradeOf = (c) => (c >= 9000 ? "tot" : c >= 8000 ? "kha" : c >= 7000 ? "trung_binh" : "yeu");
const GRADE_LABEL = { tot: "Tốt", kha: "Khá", trung_binh: "Trung bình", yeu: "Yếu" };
const ratingGroups = groupUnits.map(([code, label, parent]) => {
  const breakdown = BREAKDOWNS[code].map(([numerator, denominator, valuePct, points], i) => {
    const [criterion, clabel, weight, fullAt, zeroAt, unit] = CRITERIA[i];
    return { criterion, label: clabel, weight, fullAt, zeroAt, unit, numerator, denominator, valuePct, points };
  });
  const total = sum(breakdown, (b) => cents(b.points));
  const grade = gradeOf(total);
  return {
    groupId: G[code], code, label, association: associationUnits.find((a) => a[0] === parent)[2],
    score: fromCents(total), grade, gradeLabel: GRADE_LABEL[grade], breakdown,
  };
});
const counts = { tot: 0, kha: 0, trungBinh: 0, yeu: 0 };
for (const g of ratingGroups) counts[g.grade === "trung_binh" ? "trungBinh" : g.grade] += 1;

// Watchlists of 15/12/2026 (rows unsorted; the fake sorts them).
const byMember = Object.fromEntries(borrowerRows.map((b) => [b.code, b]));
const watchRow = (code, accountNo, amount, principal, interest, since, ageDays, ageMonths, movedAway = null) => {
  const b = byMember[code];
  const g = groupRows.find((x) => x.id === b.parentId);
  return { memberId: b.id, customerCode: code, name: b.label, groupCode: g.code, groupLabel: g.label, accountNo,
    amount, principal, interest, since, ageDays, ageMonths, movedAway };
};
const acct = (code, k = 1) => `74000${code.slice(2)}00000${k}`;
const watchlists = {
  due: [
    ["KH000101", 5260000, 5000000, 260000, "2026-11-15", 30, 1], ["KH000102", 156000, 0, 156000, "2026-11-15", 30, 1],
    ["KH000103", 412500, 0, 412500, "2026-10-15", 61, 2], ["KH000104", 130000, 0, 130000, "2026-11-15", 30, 1],
    ["KH000105", 10312000, 10000000, 312000, "2026-11-15", 30, 1], ["KH000106", 78000, 0, 78000, "2026-11-15", 30, 1],
    ["KH000107", 31248000, 30000000, 1248000, "2026-07-15", 153, 5], ["KH000201", 182000, 0, 182000, "2026-11-15", 30, 1],
    ["KH000202", 3234000, 3000000, 234000, "2026-11-15", 30, 1], ["KH000203", 104000, 0, 104000, "2026-11-15", 30, 1],
    ["KH000204", 390000, 0, 390000, "2026-11-15", 30, 1], ["KH000205", 52000, 0, 52000, "2026-08-20", 117, 3],
    ["KH000401", 176800, 0, 176800, "2026-11-15", 30, 1], ["KH000402", 2145600, 2000000, 145600, "2026-09-15", 91, 3],
    ["KH000501", 187200, 0, 187200, "2026-11-15", 30, 1], ["KH000502", 93600, 0, 93600, "2026-11-15", 30, 1],
  ].map(([c, a, p, i, s, d, m]) => watchRow(c, acct(c), a, p, i, s, d, m)),
  overdue: [
    watchRow("KH000107", acct("KH000107"), 30000000, 30000000, 0, "2026-06-15", 183, 6),
    watchRow("KH000101", acct("KH000101"), 11250000, 11250000, 0, "2026-09-15", 91, 3),
    watchRow("KH000402", acct("KH000402"), 2000000, 2000000, 0, "2026-11-15", 30, 1),
  ],
  arrears: [
    watchRow("KH000103", acct("KH000103"), 204500, 0, 204500, "2026-10-01", 75, 2),
    watchRow("KH000107", acct("KH000107"), 832000, 0, 832000, "2026-08-01", 136, 4),
    watchRow("KH000204", acct("KH000204"), 130000, 0, 130000, "2026-11-01", 44, 1),
    watchRow("KH000402", acct("KH000402"), 96000, 0, 96000, "2026-10-01", 75, 2),
  ],
  inactive: [
    watchRow("KH000107", acct("KH000107"), 80000000, 80000000, 0, "2026-07-15", 153, 5),
    watchRow("KH000101", acct("KH000101", 2), 1000000, 1000000, 0, "2026-05-15", 214, 7),
    watchRow("KH000205", acct("KH000205"), 10000000, 10000000, 0, "2026-08-20", 117, 3),
    watchRow("KH000402", acct("KH000402"), 5000000, 5000000, 0, "2026-09-15", 91, 3),
  ],
  moved_away: [
    watchRow("KH000101", null, 50000000, 50000000, 0, "2026-09-02", 104, 3, {
      learnedOn: "2026-09-02", destination: "TP. Hồ Chí Minh", source: "Tổ trưởng Phan Văn Sáu",
      tracing: "answered", tracingLabel: "Đã có trả lời",
      steps: [
        { agency: "police", agencyLabel: "Công an", askedOn: "2026-09-10", answer: "Tạm trú tại phường Linh Trung, TP. Thủ Đức", answeredOn: "2026-09-25" },
        { agency: "social_insurance", agencyLabel: "Bảo hiểm xã hội", askedOn: "2026-10-01", answer: null, answeredOn: null },
      ],
    }),
  ],
};
const WATCH_TITLES = {
  due: "Phải thu phiên giao dịch", overdue: "Nợ quá hạn", arrears: "Lãi tồn",
  inactive: "Món vay 3 tháng không hoạt động", moved_away: "Hộ vay đi khỏi địa phương còn dư nợ",
};

// Fees of December 2026: the base is outstanding × collected ÷ due, per group.
const feeRows = [];
let totalFee = 0;
let totalCommission = 0;
for (const a of associationRows) {
  const gs = groupRows.filter((g) => g.parentId === a.id).map((g) => {
    const f = g.figures;
    const base = Math.round((f.outstanding * f.interestCollected) / f.interestDue);
    const amount = Math.round(base * 0.0008);
    totalCommission += amount;
    return { level: "group", id: g.id, code: g.code, label: g.label, outstanding: f.outstanding, interestDue: f.interestDue,
      interestCollected: f.interestCollected, base, ratePct: "0.08", amount };
  });
  const base = sum(gs, (g) => g.base);
  const amount = Math.round(base * 0.00045);
  totalFee += amount;
  feeRows.push({ level: "association", id: a.id, code: a.code, label: a.label, outstanding: a.figures.outstanding,
    interestDue: a.figures.interestDue, interestCollected: a.figures.interestCollected, base, ratePct: "0.045", amount });
  feeRows.push(...gs);
}

// Twelve month-ends, January–December 2026: overdue ratio (basis points) and
// arrears (đồng) per association; the point and office are their sums.
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`);
const SERIES = {
  [HND]: { out: [280, 282, 285, 287, 290, 292, 295, 296, 298, 299, 300, 300], bp: [80, 85, 95, 120, 160, 210, 380, 450, 700, 900, 1200, 1375],
    arrears: [120, 150, 210, 260, 300, 420, 510, 640, 700, 820, 960, 1036.5] },
  [HPN]: { out: [150, 152, 153, 155, 156, 157, 158, 158, 159, 160, 160, 160], bp: [150, 140, 140, 130, 120, 110, 100, 90, 60, 40, 20, 0],
    arrears: [300, 280, 260, 240, 230, 210, 200, 190, 170, 160, 140, 130] },
  [CCB]: { out: [60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 70], bp: [30, 30, 35, 35, 40, 60, 90, 120, 180, 230, 260, 286],
    arrears: [0, 0, 10, 20, 25, 30, 45, 60, 70, 80, 90, 96] },
  [DTN]: { out: [40, 41, 42, 44, 45, 47, 48, 50, 51, 52, 53, 54], bp: [0, 0, 0, 20, 40, 60, 50, 30, 10, 0, 0, 0],
    arrears: [0, 0, 0, 5, 10, 15, 10, 5, 0, 0, 0, 0] },
};
const seriesValue = (out, bp, arrears) => {
  const outstanding = out * 1000000;
  const overdue = Math.round((outstanding * bp) / 10000);
  return { outstanding, overdue, overdueRatioPct: ratio(overdue, outstanding), interestArrears: Math.round(arrears * 1000) };
};
const associationLines = associationUnits.map(([id, code, label]) => ({
  level: "association", id, parentId: POINT, code, label,
  values: MONTHS.map((_, i) => seriesValue(SERIES[id].out[i], SERIES[id].bp[i], SERIES[id].arrears[i])),
}));
const total = (lines) =>
  MONTHS.map((_, i) => {
    const outstanding = sum(lines, (l) => l.values[i].outstanding);
    const overdue = sum(lines, (l) => l.values[i].overdue);
    return { outstanding, overdue, overdueRatioPct: ratio(overdue, outstanding), interestArrears: sum(lines, (l) => l.values[i].interestArrears) };
  });
const GRADES = [
  [2, 1, 1, 0], [2, 1, 1, 0], [2, 2, 0, 0], [2, 1, 1, 0], [1, 2, 1, 0], [1, 2, 0, 1],
  [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [2, 0, 1, 1], [1, 1, 0, 2], [2, 0, 0, 2],
];
const series = {
  months: MONTHS.map((month, i) => ({
    month,
    asOf: i === 11 ? "2026-12-15" : `${month}-${String(new Date(Date.UTC(2026, i + 1, 0)).getUTCDate()).padStart(2, "0")}`,
    grades: { tot: GRADES[i][0], kha: GRADES[i][1], trungBinh: GRADES[i][2], yeu: GRADES[i][3] },
  })),
  lines: [
    { level: "office", id: OFFICE, parentId: null, code: "5610", label: officeRow.label, values: total(associationLines) },
    { level: "point", id: POINT, parentId: OFFICE, code: "DGD-TP", label: pointRow.label, values: total(associationLines) },
    ...associationLines,
  ],
};

const INDICATOR_LABELS = {
  overdue_ratio: "Tỷ lệ nợ quá hạn (%)", overdue: "Nợ quá hạn", overdue_change_since_jan1: "Nợ quá hạn tăng/giảm so với 01/01",
  overdue_change_since_last_month: "Nợ quá hạn tăng/giảm so với tháng trước", frozen_ratio: "Tỷ lệ nợ khoanh (%)",
  interest_arrears: "Lãi tồn", interest_collection_rate: "Tỷ lệ thu lãi trong tháng (%)", inactive: "Món vay 3 tháng không hoạt động",
  moved_away_outstanding: "Dư nợ hộ đi khỏi địa phương", outstanding: "Dư nợ",
};

export const reports = {
  today: "2026-12-15",
  rows,
  ratings: { month: "2026-12", asOf: "2026-12-15", schemeFrom: null, scheme, groups: ratingGroups, counts },
  watchlists,
  watchTitles: WATCH_TITLES,
  fees: { month: "2026-12", asOf: "2026-12-15", associationRatePct: "0.045", groupRatePct: "0.08", rows: feeRows,
    totalAssociationFee: totalFee, totalGroupCommission: totalCommission },
  series,
  indicatorLabels: INDICATOR_LABELS,
  feeRates: {
    rates: [
      { kind: "association_fee", label: "Phí ủy thác (hội)", from: "2003-01", ratePct: "0.06" },
      { kind: "association_fee", label: "Phí ủy thác (hội)", from: "2009-07", ratePct: "0.045" },
      { kind: "group_commission", label: "Hoa hồng (tổ)", from: "2009-07", ratePct: "0.08" },
    ],
    capPct: "0.125",
  },
};
