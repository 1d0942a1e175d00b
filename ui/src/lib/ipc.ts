// The only module that talks to the Tauri shell. One typed function per
// command of docs/ipc.md; every failure is normalised to an `IpcError`, so
// screens branch on `code` and never show a raw error string or a stack.
import { invoke } from "@tauri-apps/api/core";
import { recordIpc } from "./perf";

export type RowError = { memberId: string; field: string; code: string; message: string };

export type IpcError = { code: string; message: string; rows?: RowError[] };

export type Home = {
  pointName: string;
  officeName: string;
  fixedDay: number;
  today: string;
  nextSessionDate: string;
  todaySession: Session | null;
  watch: {
    overdueLoans: number;
    overdueAmount: number;
    arrearsLoans: number;
    arrearsAmount: number;
    inactiveLoans: number;
    inactiveAmount: number;
    movedAwayBorrowers: number;
    movedAwayAmount: number;
  };
  sync: SyncState;
  dbPath: string;
};

/** The laptop's sync with the district server (docs/sync.md). */
export type SyncState = {
  /** `not_configured`, `never`, `ok` or `error`. */
  state: "not_configured" | "never" | "ok" | "error" | string;
  server?: string;
  /** RFC 3339. */
  lastSyncAt?: string;
  /** Vietnamese, from the sync client or the server. */
  lastError?: string;
  /** Own changes the server has not acknowledged yet. */
  pending: number;
  /** Items set aside with reasons (`phien sync-status` lists them). */
  quarantined: number;
  /** What the laptop is enrolled as: only a supervisor's is offered the district's report. */
  scope?: "point" | "group_leader" | "supervisor" | string;
};

export type SyncOutcome = { sent: number; acknowledged: number; refused: number; received: number; state: SyncState };

/** What `enrol_device` is given: the district's server, the one-time code it issued, and this laptop's name. */
export type EnrolArgs = { serverUrl: string; code: string; deviceName: string };

/**
 * Refusals of `enrol_device` the UI words itself (docs/ipc.md); the server's
 * other codes (`protocol`, `bad_request`, …) are shown with their message.
 */
export type EnrolErrorCode =
  | "server_url_required"
  | "server_url_invalid"
  | "enrol_code_required"
  | "enrol_code_invalid"
  | "device_name_invalid"
  | "already_enrolled"
  | "unreachable"
  | "bad_code";

export type StaffMember = { code: string; fullName: string; role: string };

export type Group = {
  id: string;
  code: string;
  name: string;
  village: string;
  association: string;
  leaderName: string | null;
  nMembers: number;
};

export type MemberDue = {
  memberId: string;
  customerCode: string;
  fullName: string;
  outstanding: number;
  interestDue: number;
  interestCeiling: number;
  interestArrears: number;
  principalDue: number;
  savingsBalance: number;
};

export type CollectionList = {
  group: Group;
  date: string;
  members: MemberDue[];
  /** Smallest savings deposit (policy `min_savings_deposit`). */
  minSavingsDeposit: number;
};

export type CollectionRow = {
  memberId: string;
  interest: number;
  principal: number;
  savingsDeposit: number;
  savingsWithdrawal: number;
  interestFromSavings: number;
  receiptNo: string | null;
};

/** What one member paid with a saved list, for their receipt (biên lai 01/BL). */
export type MemberReceipt = {
  memberId: string;
  customerCode: string;
  memberName: string;
  receiptNo: string | null;
  interest: number;
  principal: number;
  savingsDeposit: number;
  savingsWithdrawal: number;
  interestFromSavings: number;
  total: number;
  totalInWords: string;
};

export type CollectionReceipt = { nEntries: number; cash: number; sessionId: string | null; receipts: MemberReceipt[] };

export type SessionTotal = { kind: string; label: string; count: number; amount: number };

export type Handover = { group: string; expected: number; handedOver: number; note: string | null };

export type Session = {
  id: string;
  date: string;
  closed: boolean;
  team: [string, string, string];
  openingCash: number;
  expectedCash: number;
  countedCash: number | null;
  difference: number | null;
  differenceNote: string | null;
  totals: SessionTotal[];
  handovers: Handover[];
};

export type Member = {
  memberId: string;
  customerCode: string;
  fullName: string;
  citizenId: string | null;
  village: string;
  groupId: string;
};

export type ScheduleLine = { seq: number; dueOn: string; amount: number };

export type DecisionLine = {
  decisionNo: string;
  decidedOn: string;
  measureCode: "extension" | "freeze" | "write_off" | string;
  measure: string;
  detail: string;
  reason: string;
  newDueOn?: string | null;
  installmentSeq?: number | null;
  frozenFrom?: string | null;
  frozenUntil?: string | null;
  principal?: number | null;
  interest?: number | null;
};

export type LoanStatusCode = "current" | "overdue" | "frozen" | "extended" | "written_off" | "closed";

export type StatementLoan = {
  loanId: string;
  accountNo: string;
  programName: string;
  disbursedOn: string;
  amount: number;
  termMonths: number;
  status: LoanStatusCode | string;
  statusLabel: string;
  outstanding: number;
  current: number;
  overdue: number;
  frozen: number;
  interestDue: number;
  interestArrears: number;
  inactive: boolean;
  lastActivity: string | null;
  schedule: ScheduleLine[];
  decisions: DecisionLine[];
};

export type Entry = {
  entryId: string;
  kind: string;
  kindLabel: string;
  accountNo: string | null;
  valueDate: string;
  amount: number;
  receiptNo: string | null;
  sessionId: string | null;
  reversed: boolean;
  reverses: string | null;
  reason: string | null;
};

export type StatusEvent = {
  eventId?: string;
  kind: "moved_away" | "returned" | "deceased" | "missing" | string;
  label: string;
  learnedOn: string;
  destination: string | null;
  source: string;
  note: string | null;
};

export type Trace = {
  traceId?: string;
  eventId?: string;
  agency: string;
  agencyLabel: string;
  askedOn: string;
  answer: string | null;
  answeredOn: string | null;
};

export type Statement = {
  date: string;
  member: {
    memberId: string;
    customerCode: string;
    fullName: string;
    citizenId: string | null;
    birthYear: number | null;
    village: string;
    phone: string | null;
    groupId: string;
    groupCode: string;
    groupName: string;
  };
  loans: StatementLoan[];
  savingsBalance: number;
  entries: Entry[];
  currentStatus: StatusEvent | null;
  status: StatusEvent[];
  traces: Trace[];
};

/** Codes the UI handles specially (docs/ipc.md); anything else shows its message. */
export const ERROR_CODES = [
  "collection_invalid",
  "session_closed",
  "session_exists",
  "unexplained_difference",
  "wrong_pin",
  "not_found",
  "invalid_input",
  "approver_is_recorder",
  "reason_required",
  "leader_mode",
  "not_signed_in",
  "not_group_leader",
  "receipt_settled",
  "receipt_voided",
] as const;

export const UNKNOWN_MESSAGE =
  "Đã xảy ra lỗi không mong muốn. Vui lòng thử lại; nếu vẫn lỗi, báo cán bộ phụ trách kỹ thuật.";

export function isIpcError(e: unknown): e is IpcError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as IpcError).code === "string" &&
    typeof (e as IpcError).message === "string"
  );
}

function isRowError(r: unknown): r is RowError {
  if (typeof r !== "object" || r === null) return false;
  const o = r as Record<string, unknown>;
  return (
    typeof o.memberId === "string" &&
    typeof o.field === "string" &&
    typeof o.code === "string" &&
    typeof o.message === "string"
  );
}

/** Whatever a command rejected with, as an `IpcError` fit to show. */
export function normaliseError(e: unknown): IpcError {
  let raw: unknown = e;
  // The shell serialises the error object; a string holding JSON is accepted too.
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      /* not JSON: unexpected */
    }
  }
  if (typeof raw === "object" && raw !== null && "error" in raw && isIpcError((raw as { error: unknown }).error)) {
    raw = (raw as { error: unknown }).error;
  }
  if (isIpcError(raw) && raw.code.trim() !== "" && raw.message.trim() !== "") {
    const out: IpcError = { code: raw.code, message: raw.message };
    if (Array.isArray(raw.rows)) out.rows = raw.rows.filter(isRowError);
    return out;
  }
  // Kept for whoever debugs with devtools; never shown on screen.
  console.error("IPC: unexpected error", e);
  return { code: "unknown", message: UNKNOWN_MESSAGE };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const start = performance.now();
  try {
    return (await invoke(cmd, args)) as T;
  } catch (e) {
    throw normaliseError(e);
  } finally {
    recordIpc(cmd, start);
  }
}

export const ipc = {
  home: () => call<Home>("home"),
  syncNow: () => call<SyncOutcome>("sync_now"),
  enrolDevice: (args: EnrolArgs) => call<SyncState>("enrol_device", args),
  staff: () => call<StaffMember[]>("staff"),
  groups: () => call<Group[]>("groups"),
  collectionList: (groupId: string, date: string) =>
    call<CollectionList>("collection_list", { groupId, date }),
  recordCollection: (args: {
    actor: string;
    groupId: string;
    date: string;
    rows: CollectionRow[];
    handedOver: number | null;
    note: string | null;
    /** Ids of the group leader's receipts (biên lai 01/BL) handed over with this list. */
    leaderReceipts?: string[] | null;
  }) => call<CollectionReceipt>("record_collection", args),
  session: (date: string) => call<Session | null>("session", { date }),
  openSession: (args: {
    actor: string;
    date: string;
    teamLeader: string;
    controller: string;
    teller: string;
    cashFromOffice: number;
  }) => call<Session>("open_session", args),
  closeSession: (args: { actor: string; date: string; count: [number, number][]; note: string | null }) =>
    call<Session>("close_session", args),
  search: (query: string) => call<Member[]>("search", { query }),
  statement: (memberId: string, date: string) => call<Statement>("statement", { memberId, date }),
  reverseEntry: (args: {
    actor: string;
    entryId: string;
    reason: string;
    approver: string;
    approverPin: string;
    date: string;
  }) => call<Entry>("reverse_entry", args),
  counterMember: (memberId: string, date: string) =>
    call<CounterMember>("counter_member", { memberId, date }),
  recordCounterEntry: (args: {
    actor: string;
    date: string;
    memberId: string;
    kind: CounterKind;
    loanId: string | null;
    amount: number;
    receiptNo: string | null;
  }) => call<CounterReceipt>("record_counter_entry", args),
  disburseLoan: (args: {
    actor: string;
    date: string;
    memberId: string;
    accountNo: string;
    programCode: string;
    amount: number;
    termMonths: number;
    purpose: string;
    receiptNo: string | null;
  }) => call<CounterReceipt>("disburse_loan", args),
};

// ---- Counter transactions of a session (docs/ipc.md, "Counter").

/** What `record_counter_entry` records; a new loan's disbursement goes through `disburse_loan`. */
export type CounterKind = "principal_repayment" | "disbursement" | "savings_deposit" | "savings_withdrawal";

export type CounterLoan = {
  loanId: string;
  accountNo: string;
  programName: string;
  disbursedOn: string;
  amount: number;
  undisbursed: number;
  outstanding: number;
  overdue: number;
  principalDue: number;
  interestDue: number;
  status: LoanStatusCode | string;
  statusLabel: string;
};

export type LoanProgram = { code: string; name: string; nameEn: string; installmentEveryMonths: number };

export type CounterMember = {
  date: string;
  member: Statement["member"];
  currentStatus: StatusEvent | null;
  loans: CounterLoan[];
  savingsBalance: number;
  minSavingsDeposit: number;
  programs: LoanProgram[];
};

export type CounterReceipt = { entry: Entry; session: Session };

// ---- Group page, meetings, borrower status and risk handling (docs/ipc.md)

export type GroupMember = { memberId: string; customerCode: string; fullName: string; village: string };

export type GroupQuality = {
  nBorrowers: number;
  nLoans: number;
  outstanding: number;
  current: number;
  overdue: number;
  frozen: number;
  overdueRatioPct: string;
  interestArrears: number;
  nInactive: number;
  inactiveOutstanding: number;
  nMovedAway: number;
  movedAwayOutstanding: number;
};

export type Presence = "present" | "absent" | "represented";

export type MeetingKind = "monthly" | "loan_review" | "election" | "other";

export type DecisionKind = "loan_request" | "member_admitted" | "member_left" | "leader_elected" | "text";

export type MeetingDecision = {
  decision: DecisionKind | string;
  memberId?: string | null;
  memberName?: string | null;
  program?: string | null;
  amount?: number | null;
  termMonths?: number | null;
  approved?: boolean | null;
  note?: string | null;
  reason?: string | null;
  text?: string | null;
};

export type MeetingRecord = {
  id: string;
  groupId: string;
  heldOn: string;
  kind: MeetingKind | string;
  agenda: string;
  minutes: string;
  recordedBy: string;
  attendance: { memberId: string; fullName: string; presence: Presence | string }[];
  decisions: MeetingDecision[];
};

export type ProgramChoice = { code: string; nameVi: string; nameEn: string };

export type GroupPage = {
  group: Group;
  date: string;
  members: GroupMember[];
  quality: GroupQuality | null;
  meetings: MeetingRecord[];
  programs: ProgramChoice[];
};

export type NewMeeting = {
  groupId: string;
  heldOn: string;
  kind: MeetingKind;
  agenda: string;
  minutes: string;
  attendance: { memberId: string; presence: Presence }[];
  decisions: MeetingDecision[];
};

export type RiskMeasureCode = "extension" | "freeze" | "write_off";

export type NewDecision = {
  loanId: string;
  decisionNo: string;
  decidedOn: string;
  measure: RiskMeasureCode;
  newDueOn: string | null;
  installmentSeq: number | null;
  frozenFrom: string | null;
  frozenUntil: string | null;
  principal: number | null;
  interest: number | null;
  reason: string;
};

export const formsIpc = {
  groupPage: (groupId: string, date: string) => call<GroupPage>("group_page", { groupId, date }),
  recordMeeting: (args: { actor: string; meeting: NewMeeting }) => call<MeetingRecord>("record_meeting", args),
  addStatusEvent: (args: {
    actor: string;
    memberId: string;
    kind: string;
    learnedOn: string;
    destination: string | null;
    source: string;
    note: string | null;
  }) => call<StatusEvent>("add_status_event", args),
  addTrace: (args: { actor: string; eventId: string; agency: string; askedOn: string }) => call<Trace>("add_trace", args),
  answerTrace: (args: { actor: string; traceId: string; answer: string; answeredOn: string }) =>
    call<null>("answer_trace", args),
  addRiskDecision: (args: { actor: string; decision: NewDecision }) => call<DecisionLine>("add_risk_decision", args),
};

// ---- Group leader mode: receipts (biên lai 01/BL) written between sessions (docs/ipc.md).

export type LeaderReceiptState = "pending" | "voided" | "settled";

export type LeaderReceipt = {
  id: string;
  receiptNo: string;
  /** yyyy-mm-dd */
  receivedOn: string;
  memberId: string;
  customerCode: string;
  memberName: string;
  interest: number;
  savingsDeposit: number;
  total: number;
  /** "Một trăm hai mươi nghìn đồng" */
  totalInWords: string;
  state: LeaderReceiptState | string;
  voidReason: string | null;
  sessionDate: string | null;
};

export type LeaderMember = {
  memberId: string;
  customerCode: string;
  fullName: string;
  interestDue: number;
  interestCeiling: number;
  interestArrears: number;
  principalDue: number;
  savingsBalance: number;
  receiptedInterest: number;
  receiptedSavings: number;
};

export type LeaderHome = {
  leaderCode: string;
  leaderName: string;
  group: Group;
  pointName: string;
  today: string;
  sessionDate: string;
  minSavingsDeposit: number;
  members: LeaderMember[];
  /** Newest first. */
  receipts: LeaderReceipt[];
  pendingTotal: number;
};

/** The pending receipts of a group, oldest first, for the officer's 13/TD. */
export type LeaderRecords = { receipts: LeaderReceipt[]; total: number };

export const leaderIpc = {
  signIn: (code: string, pin: string) => call<LeaderHome>("leader_sign_in", { code, pin }),
  signOut: () => call<null>("leader_sign_out", {}),
  home: () => call<LeaderHome>("leader_home", {}),
  recordReceipt: (args: { memberId: string; interest: number; savingsDeposit: number }) =>
    call<LeaderReceipt>("leader_record_receipt", args),
  voidReceipt: (args: { receiptId: string; reason: string }) => call<LeaderReceipt>("leader_void_receipt", args),
  records: (groupId: string) => call<LeaderRecords>("leader_records", { groupId }),
};

// ---- Credit quality reports (docs/ipc.md, "Credit quality reports"). Ratios,
// rates, scores and points are decimal strings ("1.25" = 1,25 %), never floats.

export type ReportLevel = "office" | "point" | "association" | "group" | "borrower";

export type Figures = {
  nBorrowers: number;
  nLoans: number;
  outstanding: number;
  current: number;
  overdue: number;
  frozen: number;
  overdueRatioPct: string;
  frozenRatioPct: string;
  nOverdueLoans: number;
  overdueAtYearStart: number;
  overdueChangeSinceJan1: number;
  overdueAtLastMonthEnd: number;
  overdueChangeSinceLastMonth: number;
  interestArrears: number;
  nArrearsLoans: number;
  nInactive: number;
  inactiveOutstanding: number;
  nMovedAway: number;
  movedAwayOutstanding: number;
  nMovedAwayNotTraced: number;
  nMovedAwayAwaitingAnswer: number;
  nMovedAwayAnswered: number;
  interestDue: number;
  interestCollected: number;
  interestCollectionRatePct: string | null;
};

export type CreditRow = {
  level: ReportLevel;
  id: string;
  parentId: string | null;
  code: string;
  label: string;
  figures: Figures;
};

export type CreditReport = { asOf: string; month: string; level: ReportLevel; within: string | null; rows: CreditRow[] };

export type CriterionRule = { criterion: string; label: string; weight: string; fullAt: string; zeroAt: string };

export type Bands = { tot: string; kha: string; trungBinh: string };

export type Scheme = { criteria: CriterionRule[]; bands: Bands };

export type Grade = "tot" | "kha" | "trung_binh" | "yeu";

export type GradeCounts = { tot: number; kha: number; trungBinh: number; yeu: number };

export type CriterionScore = CriterionRule & {
  unit: "dong" | "members" | string;
  numerator: number;
  denominator: number;
  /** null: nothing to measure, every point earned. */
  valuePct: string | null;
  points: string;
};

export type GroupRating = {
  groupId: string;
  code: string;
  label: string;
  association: string;
  score: string;
  grade: Grade;
  gradeLabel: string;
  breakdown: CriterionScore[];
};

export type RatingReport = {
  month: string;
  asOf: string;
  schemeFrom: string | null;
  scheme: Scheme;
  groups: GroupRating[];
  counts: GradeCounts;
};

export type WatchKind = "due" | "overdue" | "arrears" | "inactive" | "moved_away";

export type WatchSort = "amount" | "age";

export type TraceStep = { agency: string; agencyLabel: string; askedOn: string; answer: string | null; answeredOn: string | null };

export type MovedAwayInfo = {
  learnedOn: string;
  destination: string | null;
  source: string;
  tracing: "not_traced" | "awaiting_answer" | "answered";
  tracingLabel: string;
  steps: TraceStep[];
};

export type WatchRow = {
  memberId: string;
  customerCode: string;
  name: string;
  groupCode: string;
  groupLabel: string;
  accountNo: string | null;
  amount: number;
  principal: number;
  interest: number;
  since: string | null;
  ageDays: number;
  ageMonths: number;
  movedAway: MovedAwayInfo | null;
};

export type Watchlist = {
  kind: WatchKind;
  title: string;
  asOf: string;
  sort: WatchSort;
  within: string | null;
  rows: WatchRow[];
  total: number;
};

export type FeeRow = {
  level: "association" | "group";
  id: string;
  code: string;
  label: string;
  outstanding: number;
  interestDue: number;
  interestCollected: number;
  base: number;
  ratePct: string;
  amount: number;
};

export type FeeReport = {
  month: string;
  asOf: string;
  associationRatePct: string;
  groupRatePct: string;
  rows: FeeRow[];
  totalAssociationFee: number;
  totalGroupCommission: number;
};

export type Indicator =
  | "overdue_ratio"
  | "overdue"
  | "overdue_change_since_jan1"
  | "overdue_change_since_last_month"
  | "frozen_ratio"
  | "interest_arrears"
  | "interest_collection_rate"
  | "inactive"
  | "moved_away_outstanding"
  | "outstanding";

export type RankedRow = {
  rank: number | null;
  id: string;
  code: string;
  label: string;
  value: string | null;
  difference: string | null;
  worseThanWhole: boolean;
  figures: Figures;
};

export type Comparison = {
  asOf: string;
  level: ReportLevel;
  indicator: Indicator;
  indicatorLabel: string;
  unit: "percent" | "dong" | "count";
  higherIsBetter: boolean;
  wholeLabel: string;
  whole: Figures;
  wholeValue: string | null;
  spread: string | null;
  rows: RankedRow[];
};

export type SeriesValue = { outstanding: number; overdue: number; overdueRatioPct: string; interestArrears: number };

export type SeriesLine = {
  level: "office" | "point" | "association";
  id: string;
  parentId: string | null;
  code: string;
  label: string;
  values: SeriesValue[];
};

export type ReportSeries = { months: { month: string; asOf: string; grades: GradeCounts }[]; lines: SeriesLine[] };

export type RatingSchemeInfo = {
  month: string;
  from: string | null;
  scheme: Scheme;
  standard: Scheme;
  versions: { from: string; scheme: Scheme }[];
};

export type NewScheme = {
  criteria: { criterion: string; weight: string; fullAt: string; zeroAt: string }[];
  bands: Bands;
};

export type FeeKind = "association_fee" | "group_commission";

export type FeeRates = { rates: { kind: FeeKind; label: string; from: string; ratePct: string }[]; capPct: string };

/** Refusals of the report commands the UI words itself (docs/ipc.md). */
export const REPORT_REFUSALS = [
  "bad_date",
  "future_date",
  "bad_month",
  "future_month",
  "bad_range",
  "bad_level",
  "bad_indicator",
  "bad_watchlist",
  "bad_sort",
  "unknown_unit",
  "bad_rating_scheme",
  "bad_fee_rate",
  "not_found",
] as const;

/** A district report from the sync server (`district_credit_report`, `district_group_ratings`…), shaped as the local command's, with where and when it comes from. */
export type DistrictReport<T = CreditReport> = {
  report: T;
  /** The server's address, as enrolled. */
  server: string;
  /** The district's changes are in the figures up to this one. */
  through: number;
  /** When the server answered (RFC 3339). */
  fetchedAt: string;
};

/**
 * Refusals of the district's reports (`district_*`, and of exporting the credit report) the UI
 * words itself: no enrolment, no signal, and the server's codes. The
 * arguments' codes (`bad_date`…) are worded as the reports word them.
 */
export const DISTRICT_REFUSALS = [
  "not_enrolled",
  "unreachable",
  "forbidden",
  "unauthorized",
  "revoked",
  "timeout",
  "protocol",
] as const;

export const reportIpc = {
  districtReport: (args: { asOf: string | null; level: ReportLevel; within?: string | null }) =>
    call<DistrictReport>("district_credit_report", args),
  districtRatings: (month: string | null) => call<DistrictReport<RatingReport>>("district_group_ratings", { month }),
  districtWatchlist: (args: { kind: WatchKind; sort: WatchSort; date?: string | null; within?: string | null }) =>
    call<DistrictReport<Watchlist>>("district_watchlist", args),
  districtFees: (month: string | null) => call<DistrictReport<FeeReport>>("district_fee_report", { month }),
  districtCompare: (args: { asOf: string | null; level: ReportLevel; indicator: Indicator; within?: string | null }) =>
    call<DistrictReport<Comparison>>("district_compare_units", args),
  creditReport: (args: { asOf: string | null; level: ReportLevel; within?: string | null }) =>
    call<CreditReport>("credit_report", args),
  groupRatings: (month: string | null) => call<RatingReport>("group_ratings", { month }),
  watchlist: (args: { kind: WatchKind; sort: WatchSort; date?: string | null; within?: string | null }) =>
    call<Watchlist>("watchlist", args),
  feeReport: (month: string | null) => call<FeeReport>("fee_report", { month }),
  compareUnits: (args: { asOf: string | null; level: ReportLevel; indicator: Indicator; within?: string | null }) =>
    call<Comparison>("compare_units", args),
  reportSeries: (from: string | null, to: string | null) => call<ReportSeries>("report_series", { from, to }),
  ratingScheme: (month: string | null) => call<RatingSchemeInfo>("rating_scheme", { month }),
  setRatingScheme: (args: { actor: string; from: string; scheme: NewScheme }) =>
    call<RatingSchemeInfo>("set_rating_scheme", args),
  feeRates: () => call<FeeRates>("fee_rates", {}),
  setFeeRate: (args: { actor: string; kind: FeeKind; from: string; ratePct: string }) =>
    call<FeeRates>("set_fee_rate", args),
};

/** What `export_document` is asked for (docs/ipc.md, "Excel and PDF files"): the document and its screen's arguments. */
export type ExportDocument =
  | "credit_report"
  | "ratings"
  | "fees"
  | "comparison"
  | "watchlist"
  | "collection_list"
  | "public_notice"
  | "receipts"
  | "minutes";

export type ExportFormat = "xlsx" | "pdf";

export type ExportArgs = {
  document: ExportDocument;
  asOf?: string | null;
  date?: string | null;
  month?: string | null;
  level?: string | null;
  within?: string | null;
  indicator?: string | null;
  kind?: string | null;
  sort?: string | null;
  groupId?: string | null;
  meetingId?: string | null;
  /** `credit_report` only: `server` for the district's report as last fetched. */
  source?: "local" | "server";
};

/** A file written by `export_document`: never over an existing one. */
export type Exported = { path: string; folder: string; fileName: string; bytes: number; pages: number | null };

/** Refusals of `export_document` the UI words itself; the screen commands' codes (bad_date…) are worded as reports word them. */
export const EXPORT_REFUSALS = [
  "unwritable",
  "file_exists",
  "no_export_folder",
  "nothing_to_print",
  "no_such_form",
  "bad_format",
  "bad_document",
  "invalid_input",
  "not_found",
  "xlsx_failed",
  "pdf_failed",
] as const;

export const exportIpc = {
  exportDocument: (args: ExportArgs, format: ExportFormat) =>
    call<Exported>("export_document", { request: { ...args, format } }),
};
