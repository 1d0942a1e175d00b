//! `phien`: the command-line interface to a commune transaction point's
//! books. Every read command has `--json`; every write names who writes
//! (`--as CODE` or `PHIEN_USER`). Errors are Vietnamese, name the field and
//! the value, and change nothing.

mod export;
mod forms;
mod input;
mod report;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};
use phien_core::Dong;
use phien_core::ids::{DecisionId, EntryId, MeetingId, StatusEventId, TraceId};
use phien_core::meeting::Meeting;
use phien_core::risk::{RiskDecision, RiskMeasure};
use phien_core::session::{CashCount, Team};
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};
use phien_store::{Actor, NewEntry, Store, StoreError};
use serde::Serialize;

use crate::input::{parse_date, parse_decimal, parse_kind};

#[derive(Parser)]
#[command(
    name = "phien",
    version,
    about = "Phiên: sổ sách điểm giao dịch xã NHCSXH, chạy không cần mạng"
)]
struct Cli {
    /// Tệp dữ liệu SQLite (database file); default: the app-data folder (see `phien where`).
    #[arg(long, env = "PHIEN_DB", global = true)]
    db: Option<PathBuf>,
    /// Mã cán bộ đang ghi (who is recording), e.g. CB03.
    #[arg(long = "as", env = "PHIEN_USER", global = true)]
    actor: Option<String>,
    /// In kết quả dạng JSON (machine-readable output).
    #[arg(long, global = true)]
    json: bool,
    /// Ghi đè tệp đã có khi xuất --xlsx/--pdf (replace an existing file).
    #[arg(long, global = true)]
    overwrite: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// In đường dẫn tệp dữ liệu đang dùng (prints the database path).
    Where,
    /// Tạo xã mẫu (demo commune), deterministic.
    Demo {
        /// Seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// "Today" of the demo (dd/mm/yyyy); default today.
        #[arg(long)]
        today: Option<String>,
        /// Number of groups.
        #[arg(long, default_value_t = 40)]
        groups: u32,
        /// Years of history.
        #[arg(long, default_value_t = 3)]
        years: u32,
    },
    /// Nhập sổ vay từ tệp HSTD (.csv hoặc .xlsx); một dòng sai thì không nhập gì.
    Import {
        /// File.
        file: PathBuf,
        /// Balances are as of this day (dd/mm/yyyy); default today.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Thông tin điểm giao dịch, cán bộ, chương trình và lãi suất.
    Point,
    /// Danh sách Tổ TK&VV.
    Groups,
    /// Tổ viên của một tổ.
    Members {
        /// Group code, e.g. T07 (POINT/T07 where several points have one).
        #[arg(long)]
        group: String,
    },
    /// Tìm theo tên (có hoặc không dấu), CCCD, mã KH, số khế ước.
    Search {
        /// Query.
        query: String,
    },
    /// Danh sách thu lãi, tiền gửi (mẫu 13/TD) của một tổ tại một ngày.
    CollectionList {
        /// Group code, e.g. T07 (POINT/T07 where several points have one).
        #[arg(long)]
        group: String,
        /// Date (dd/mm/yyyy); default today.
        #[arg(long)]
        date: Option<String>,
        /// Xuất bảng tính Excel vào tệp này (.xlsx).
        #[arg(long, value_name = "TỆP")]
        xlsx: Option<PathBuf>,
        /// In mẫu 13/TD ra tệp PDF A4 (.pdf), có ô trống để tổ trưởng ghi.
        #[arg(long, value_name = "TỆP")]
        pdf: Option<PathBuf>,
    },
    /// Niêm yết công khai: lãi suất đang áp dụng và danh sách hộ vay còn dư nợ, hạn trả.
    Notice {
        /// Date of the figures (dd/mm/yyyy); default today.
        #[arg(long)]
        date: Option<String>,
        /// In ra tệp PDF A4 (.pdf) để niêm yết.
        #[arg(long, value_name = "TỆP")]
        pdf: Option<PathBuf>,
    },
    /// Biên lai thu lãi và tiền gửi (mẫu 01/BL) của một tổ: theo danh sách thu ngày --date, hoặc biên lai tổ trưởng đã viết (--leader).
    Receipts {
        /// Group code, e.g. T07 (POINT/T07 where several points have one).
        #[arg(long)]
        group: String,
        /// Day of the payments (dd/mm/yyyy); default today. With --leader: only receipts written that day.
        #[arg(long)]
        date: Option<String>,
        /// The receipts the group leader wrote (without --date: those not handed over yet).
        #[arg(long)]
        leader: bool,
        /// In ra tệp PDF A4 (.pdf), hai biên lai một trang.
        #[arg(long, value_name = "TỆP")]
        pdf: Option<PathBuf>,
    },
    /// Ghi cả danh sách thu của một tổ trong một giao dịch (tất cả hoặc không gì).
    Collect {
        /// Group code, e.g. T07 (POINT/T07 where several points have one).
        #[arg(long)]
        group: String,
        /// Date (dd/mm/yyyy); default today. With an open session that day, entries belong to it.
        #[arg(long)]
        date: Option<String>,
        /// CSV or JSON with one row per member (see docs/cli.md).
        #[arg(long)]
        file: PathBuf,
        /// Cash the group leader handed over (default: what the list adds up to).
        #[arg(long)]
        handed_over: Option<String>,
        /// Explanation of a difference.
        #[arg(long)]
        note: Option<String>,
    },
    /// Ghi một bút toán tại quầy (giải ngân, thu gốc, thu lãi, gửi/rút tiết kiệm).
    Pay(PayArgs),
    /// Sao kê của người vay (statement).
    Statement {
        /// Customer code.
        #[arg(long, conflicts_with = "loan")]
        member: Option<String>,
        /// Loan account number.
        #[arg(long)]
        loan: Option<String>,
        /// Date; default today.
        #[arg(long)]
        date: Option<String>,
    },
    /// Hủy một bút toán (cần lý do và kiểm soát viên duyệt bằng PIN).
    Reverse {
        /// Entry id.
        entry: String,
        /// Reason.
        #[arg(long)]
        reason: String,
        /// Approver's staff code (the controller).
        #[arg(long)]
        approved_by: String,
        /// Approver's PIN.
        #[arg(long, env = "PHIEN_APPROVER_PIN", default_value = "")]
        pin: String,
        /// Record the reversal in the session of this date.
        #[arg(long)]
        session_date: Option<String>,
    },
    /// Phiên giao dịch: mở, nộp tiền của tổ, đóng, xem.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Họp tổ: ghi biên bản, xem danh sách.
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Tình trạng người vay: đi khỏi địa phương, tra cứu, chết, mất tích.
    #[command(subcommand)]
    Status(StatusCommand),
    /// Quyết định xử lý rủi ro: gia hạn, khoanh nợ, xóa nợ.
    Risk(RiskArgs),
    /// Chất lượng tín dụng theo hội và tổ.
    Quality {
        /// Date; default today.
        #[arg(long)]
        date: Option<String>,
    },
    /// Báo cáo cho giám sát: chất lượng tín dụng theo cấp, xếp loại tổ, phí ủy thác và hoa hồng, so sánh.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Danh sách theo dõi cho ngày giao dịch: due, overdue, arrears, inactive, moved-away.
    Watchlist {
        /// due (phải thu phiên tới), overdue, arrears, inactive or moved-away.
        kind: String,
        /// amount (largest first) or age (oldest first).
        #[arg(long, default_value = "amount")]
        sort: String,
        /// Date (dd/mm/yyyy); default today, for `due` the next session day.
        #[arg(long, alias = "as-of")]
        date: Option<String>,
        /// Only this group (T07).
        #[arg(long)]
        group: Option<String>,
        /// Toàn quận/huyện, do máy chủ đồng bộ tính (máy giám sát đã đăng ký).
        #[arg(long)]
        server: bool,
        /// Xuất bảng tính Excel vào tệp này (.xlsx).
        #[arg(long, value_name = "TỆP")]
        xlsx: Option<PathBuf>,
        /// In danh sách ra tệp PDF A4 (.pdf).
        #[arg(long, value_name = "TỆP")]
        pdf: Option<PathBuf>,
    },
    /// Cách chấm điểm xếp loại tổ: xem (`show`) hoặc sửa từ một tháng (`set`).
    RatingScheme {
        #[command(subcommand)]
        action: Option<report::SchemeCommand>,
    },
    /// Tỷ lệ phí ủy thác và hoa hồng theo tháng: xem (`show`) hoặc thêm (`set`).
    FeeRate {
        #[command(subcommand)]
        action: Option<report::FeeRateCommand>,
    },
    /// Quy tắc (policy) đang dùng; `policy set KEY VALUE` để đổi.
    Policy {
        /// `set`.
        action: Option<String>,
        /// Key.
        key: Option<String>,
        /// Value.
        value: Option<String>,
    },
    /// Thêm một chương trình cho vay (ngoài 7 chương trình chuẩn).
    Program {
        /// Code, e.g. 08.
        #[arg(long)]
        code: String,
        /// Vietnamese name.
        #[arg(long)]
        name_vi: String,
        /// English name.
        #[arg(long, default_value = "")]
        name_en: String,
        /// Rate in percent per year, e.g. 7.2.
        #[arg(long)]
        percent: String,
        /// First day of that rate (dd/mm/yyyy).
        #[arg(long)]
        from: String,
        /// A student program (left out of the inactive count).
        #[arg(long)]
        student: bool,
        /// Months between installments of generated schedules.
        #[arg(long, default_value_t = 12)]
        every: u32,
    },
    /// Thêm lãi suất mới cho một chương trình từ một ngày.
    Rate {
        /// Program code, e.g. 04.
        #[arg(long)]
        program: String,
        /// First day (dd/mm/yyyy).
        #[arg(long)]
        from: String,
        /// Percent per year, e.g. 7.8.
        #[arg(long)]
        percent: String,
    },
    /// Nhật ký ai làm gì, trên máy nào, khi nào.
    Audit {
        /// How many.
        #[arg(long, default_value_t = 30)]
        limit: u32,
    },
    /// Đăng ký máy với máy chủ đồng bộ của quận/huyện (enrol with a one-time code).
    Enrol {
        /// Server URL, e.g. https://dongbo.pgd.example.vn
        #[arg(long)]
        server: String,
        /// The one-time code the district issued.
        #[arg(long)]
        code: String,
        /// A name people recognise for this device.
        #[arg(long, default_value = "Máy điểm giao dịch")]
        name: String,
    },
    /// Đồng bộ ngay: gửi thay đổi của máy, nhận thay đổi trong phạm vi (sync now).
    Sync,
    /// Tình trạng đồng bộ: lần cuối, số chờ gửi, mục bị giữ lại (sync state).
    SyncStatus,
    /// Đối chiếu một tháng với máy chủ: số bút toán, tổng tiền, mã băm; tự sửa nếu thiếu (integrity check).
    SyncCheck {
        /// The month, YYYY-MM.
        #[arg(long)]
        month: String,
    },
    /// Mục chờ xem xét: sửa trùng trường định danh/tiền, gửi lại khác nội dung (review queue).
    Reviews {
        /// Include decided items.
        #[arg(long)]
        all: bool,
    },
    /// Máy giám sát: quyết định một mục chờ xem xét, một lần, có lý do (resolve a review item).
    ReviewResolve {
        /// The item's number (`phien reviews`).
        id: i64,
        /// keep-server (giữ giá trị máy chủ) or take-device (lấy giá trị của máy đã sửa).
        #[arg(long)]
        decision: String,
        /// Why (required).
        #[arg(long)]
        note: String,
    },
    /// Xuất gói đồng bộ ra tệp (USB) khi không có mạng: mọi thay đổi máy chủ chưa xác nhận, có chữ ký (export a signed bundle).
    BundleExport {
        /// The file to write, e.g. E:\\dongbo-phuocdong.phien
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Nhận tệp trả lời của quận/huyện cho gói đã xuất: xác nhận và thay đổi mới (accept a bundle reply).
    BundleAccept {
        /// The reply file the district wrote.
        file: std::path::PathBuf,
    },
    /// Máy giám sát: nộp gói của một điểm lên máy chủ, ghi tệp trả lời để mang về (deliver a bundle).
    BundleDeliver {
        /// The bundle a commune brought.
        file: std::path::PathBuf,
        /// Where to write the reply.
        #[arg(long)]
        reply: std::path::PathBuf,
    },
    /// Các thay đổi chờ đồng bộ của máy này (change log).
    Changes {
        /// After sequence number.
        #[arg(long, default_value_t = 0)]
        after: i64,
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Args)]
struct PayArgs {
    /// disbursement | principal | interest | deposit | withdrawal | interest-from-savings
    #[arg(long)]
    kind: String,
    /// Customer code (or use --loan).
    #[arg(long)]
    member: Option<String>,
    /// Loan account number (loan kinds).
    #[arg(long)]
    loan: Option<String>,
    /// Amount, e.g. 1.250.000.
    #[arg(long)]
    amount: String,
    /// Date; default today.
    #[arg(long)]
    date: Option<String>,
    /// Receipt 01/BL number.
    #[arg(long)]
    receipt: Option<String>,
}

#[derive(Subcommand)]
enum SessionCommand {
    /// Mở phiên.
    Open {
        /// Date; default today.
        #[arg(long)]
        date: Option<String>,
        /// Team leader's code.
        #[arg(long)]
        team_leader: String,
        /// Controller's code.
        #[arg(long)]
        controller: String,
        /// Teller's code.
        #[arg(long)]
        teller: String,
        /// Cash brought from the district office for the day (tạm ứng).
        #[arg(long, default_value = "0")]
        cash_from_office: String,
    },
    /// Ghi tiền tổ trưởng nộp theo danh sách giấy.
    Handover {
        /// Date; default today.
        #[arg(long)]
        date: Option<String>,
        /// Group code, e.g. T07 (POINT/T07 where several points have one).
        #[arg(long)]
        group: String,
        /// What the group's list adds up to.
        #[arg(long)]
        expected: String,
        /// Cash handed over.
        #[arg(long)]
        amount: String,
        /// Explanation of a difference.
        #[arg(long)]
        note: Option<String>,
    },
    /// Đóng phiên với kiểm đếm tiền theo mệnh giá, ví dụ "500000x3,200000x1".
    Close {
        /// Date; default today.
        #[arg(long)]
        date: Option<String>,
        /// Count: FACExN pairs separated by commas.
        #[arg(long)]
        count: String,
        /// Explanation of a difference.
        #[arg(long)]
        note: Option<String>,
    },
    /// Xem phiên.
    Show {
        /// Date; default today.
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
enum MeetingCommand {
    /// Ghi một cuộc họp từ tệp JSON (see docs/cli.md).
    Add {
        /// Group code, e.g. T07 (POINT/T07 where several points have one).
        #[arg(long)]
        group: String,
        /// JSON file.
        #[arg(long)]
        file: PathBuf,
    },
    /// Các cuộc họp của tổ.
    List {
        /// Group code, e.g. T07 (POINT/T07 where several points have one).
        #[arg(long)]
        group: String,
    },
    /// Biên bản một cuộc họp của tổ, in ra PDF.
    Minutes {
        /// Group code, e.g. T07 (POINT/T07 where several points have one).
        #[arg(long)]
        group: String,
        /// The meeting's date (dd/mm/yyyy); default the latest meeting.
        #[arg(long)]
        date: Option<String>,
        /// In ra tệp PDF A4 (.pdf).
        #[arg(long, value_name = "TỆP")]
        pdf: PathBuf,
    },
}

#[derive(Subcommand)]
enum StatusCommand {
    /// Ghi tình trạng mới: moved-away | returned | deceased | missing.
    Add {
        /// Customer code.
        #[arg(long)]
        member: String,
        /// Kind.
        #[arg(long)]
        kind: String,
        /// Date learned; default today.
        #[arg(long)]
        on: Option<String>,
        /// Destination (for moved-away).
        #[arg(long)]
        destination: Option<String>,
        /// Source of the information.
        #[arg(long)]
        source: String,
        /// Note.
        #[arg(long)]
        note: Option<String>,
    },
    /// Ghi một lần tra cứu: police | social-insurance | tax | other.
    Trace {
        /// Customer code.
        #[arg(long)]
        member: String,
        /// Agency asked.
        #[arg(long)]
        agency: String,
        /// Date asked; default today.
        #[arg(long)]
        asked_on: Option<String>,
        /// Answer, if already received.
        #[arg(long)]
        answer: Option<String>,
        /// Date answered.
        #[arg(long)]
        answered_on: Option<String>,
    },
    /// Ghi câu trả lời của một lần tra cứu.
    Answer {
        /// Trace id.
        trace: String,
        /// Answer.
        #[arg(long)]
        answer: String,
        /// Date; default today.
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Args)]
struct RiskArgs {
    /// Loan account number.
    #[arg(long)]
    loan: String,
    /// extension | freeze | write-off
    #[arg(long)]
    measure: String,
    /// Decision number.
    #[arg(long)]
    decision_no: String,
    /// Decision date; default today.
    #[arg(long)]
    decided_on: Option<String>,
    /// Cause.
    #[arg(long)]
    reason: String,
    /// Extension: new due date.
    #[arg(long)]
    new_due_on: Option<String>,
    /// Extension: only this installment.
    #[arg(long)]
    installment: Option<u32>,
    /// Freeze: first day (default: decision date).
    #[arg(long)]
    from: Option<String>,
    /// Freeze: last day.
    #[arg(long)]
    until: Option<String>,
    /// Write-off: principal.
    #[arg(long)]
    principal: Option<String>,
    /// Write-off: interest.
    #[arg(long)]
    interest: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let code = error_code(&err);
            let lines = error_lines(&err);
            if json {
                let value = serde_json::json!({ "error": { "code": code, "message": format!("{err:#}"), "lines": lines } });
                println!("{value}");
            }
            eprintln!("Lỗi: {err:#}");
            for line in &lines {
                eprintln!("  - {line}");
            }
            ExitCode::FAILURE
        }
    }
}

fn error_code(err: &anyhow::Error) -> String {
    if let Some(e) = err.downcast_ref::<phien_sync::SyncError>() {
        return e.code().to_owned();
    }
    error_code_static(err).to_owned()
}

fn error_code_static(err: &anyhow::Error) -> &'static str {
    if let Some(e) = err.downcast_ref::<StoreError>() {
        return e.code();
    }
    if let Some(e) = err.downcast_ref::<export::OutputError>() {
        return e.code;
    }
    if let Some(e) = err.downcast_ref::<phien_export::ExportError>() {
        return e.code();
    }
    if let Some(e) = err.downcast_ref::<phien_documents::DocumentError>() {
        return e.code();
    }
    if let Some(e) = err.downcast_ref::<phien_documents::file::FileError>() {
        return e.code;
    }
    if let Some(e) = err.downcast_ref::<phien_import::load::LoadError>() {
        return match e {
            phien_import::load::LoadError::Store(s) => s.code(),
            phien_import::load::LoadError::Rows(_) => "import_rows",
            _ => "import",
        };
    }
    if err.downcast_ref::<phien_import::ImportError>().is_some() {
        return "import_file";
    }
    "invalid_input"
}

/// One line per bad row, for refusals that concern several rows.
fn error_lines(err: &anyhow::Error) -> Vec<String> {
    if let Some(phien_import::ImportError::Rows(rows)) =
        err.downcast_ref::<phien_import::ImportError>()
    {
        return rows.iter().map(ToString::to_string).collect();
    }
    if let Some(phien_import::load::LoadError::Rows(rows)) =
        err.downcast_ref::<phien_import::load::LoadError>()
    {
        return rows.iter().map(ToString::to_string).collect();
    }
    Vec::new()
}

/// "Today" on this laptop; `PHIEN_TODAY` pins it (tests, demos).
fn today() -> Result<NaiveDate> {
    match std::env::var("PHIEN_TODAY") {
        Ok(text) => parse_date("PHIEN_TODAY", &text),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

fn date_or_today(field: &str, text: &Option<String>) -> Result<NaiveDate> {
    match text {
        Some(text) => parse_date(field, text),
        None => today(),
    }
}

fn amount(field: &str, text: &str) -> Result<Dong> {
    Dong::parse(text).map_err(|e| anyhow!("{field} = «{text}»: {e}"))
}

struct Ctx {
    store: Store,
    actor_code: Option<String>,
    json: bool,
    /// Replace existing files when writing documents.
    overwrite: bool,
}

impl Ctx {
    fn actor(&self) -> Result<Actor> {
        let code = self.actor_code.as_deref().ok_or_else(|| {
            anyhow!("hãy cho biết ai đang ghi: --as MÃ_CÁN_BỘ (hoặc biến môi trường PHIEN_USER)")
        })?;
        let staff = self.store.staff_by_code(code)?;
        Ok(Actor {
            staff: staff.id,
            at: Utc::now(),
        })
    }

    fn print<T: Serialize>(&self, value: &T, text: impl FnOnce() -> String) -> Result<()> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value)?);
        } else {
            print!("{}", text());
        }
        Ok(())
    }

    fn point_id(&self) -> Result<phien_core::ids::PointId> {
        Ok(self
            .store
            .point()?
            .ok_or_else(|| {
                anyhow!("tệp dữ liệu chưa có điểm giao dịch: chạy `phien demo` hoặc `phien import`")
            })?
            .point
            .id)
    }

    fn session_of(&self, day: NaiveDate) -> Result<phien_core::ids::SessionId> {
        self.store
            .session_on(day)?
            .ok_or_else(|| anyhow!("không có phiên giao dịch ngày {}", day.format("%d/%m/%Y")))
    }
}

fn run(cli: Cli) -> Result<()> {
    let db = match cli.db {
        Some(path) => path,
        None => phien_store::default_path()?,
    };
    if let Command::Where = cli.command {
        println!("{}", db.display());
        return Ok(());
    }
    let store = Store::open(&db)
        .with_context(|| format!("không mở được tệp dữ liệu «{}»", db.display()))?;
    let mut ctx = Ctx {
        store,
        actor_code: cli.actor,
        json: cli.json,
        overwrite: cli.overwrite,
    };
    match cli.command {
        Command::Demo {
            seed,
            today: day,
            groups,
            years,
        } => {
            let day = date_or_today("--today", &day)?;
            let options = phien_demo::DemoOptions {
                seed,
                today: day,
                n_groups: groups,
                years,
                commune: 0,
            };
            let started = std::time::Instant::now();
            let report = phien_demo::generate(&mut ctx.store, &options)?;
            let seconds = started.elapsed().as_secs_f32();
            ctx.print(&report, || show::demo_report(&report, &db, seconds))
        }
        Command::Where => Ok(()),
        Command::Import { file, as_of } => {
            let as_of = date_or_today("--as-of", &as_of)?;
            let rows = phien_import::read_path(&file)?;
            let actor = match ctx.actor_code {
                Some(_) => ctx.actor()?,
                None => system_actor(&mut ctx.store)?,
            };
            let report = phien_import::load::load(
                &mut ctx.store,
                &rows,
                &phien_import::load::LoadOptions { as_of, actor },
            )?;
            ctx.print(&report, || show::import_report(&report, &file))
        }
        Command::Point => {
            let point = ctx.store.point()?;
            let staff = ctx.store.staff()?;
            let programs = ctx.store.programs()?;
            let policy = ctx.store.policy()?;
            let value = serde_json::json!({ "point": point, "staff": staff, "programs": programs, "policy": policy });
            ctx.print(&value, || {
                show::point(point.as_ref(), &staff, &programs, &policy)
            })
        }
        Command::Groups => {
            let groups = ctx.store.groups()?;
            ctx.print(&groups, || show::groups(&groups))
        }
        Command::Members { group } => {
            let group = ctx.store.group_by_code(&group)?;
            let members = ctx.store.members_of_group(group.id)?;
            ctx.print(&members, || show::members(&group, &members))
        }
        Command::Search { query } => {
            let found = ctx.store.search_members(&query, 50)?;
            ctx.print(&found, || show::search(&query, &found))
        }
        Command::CollectionList {
            group,
            date,
            xlsx,
            pdf,
        } => {
            let day = date_or_today("--date", &date)?;
            let targets = export::Targets::new(xlsx, pdf);
            targets.check(ctx.overwrite)?;
            let group = ctx.store.group_by_code(&group)?;
            if targets.any() {
                let document = phien_documents::Document::CollectionList {
                    group: group.id,
                    session_day: day,
                };
                return targets.write(&ctx, &document);
            }
            let list = ctx.store.collection_list(group.id, day)?;
            ctx.print(&list, || show::collection_list(&group, day, &list))
        }
        Command::Notice { date, pdf } => forms::notice(&ctx, &date, pdf),
        Command::Receipts {
            group,
            date,
            leader,
            pdf,
        } => forms::receipts(&ctx, &group, &date, leader, pdf),
        Command::Collect {
            group,
            date,
            file,
            handed_over,
            note,
        } => {
            let day = date_or_today("--date", &date)?;
            let group = ctx.store.group_by_code(&group)?;
            let inputs = input::read_collection(&ctx.store, &file)?;
            let session = ctx.store.session_on(day)?;
            let handed_over = match handed_over {
                Some(text) => Some(amount("--handed-over", &text)?),
                None => session.map(|_| inputs.iter().map(|i| i.cash()).sum()),
            };
            let actor = ctx.actor()?;
            let detail = format!("{} {}", group.code, day);
            let receipt = ctx.store.write(actor, "record_collection", &detail, |tx| {
                tx.record_collection(
                    group.id,
                    day,
                    session,
                    &inputs,
                    handed_over.map(|h| (h, note.as_deref())),
                )
            })?;
            ctx.print(&receipt, || show::collection_receipt(&group, &receipt))
        }
        Command::Pay(args) => pay(&mut ctx, args),
        Command::Statement { member, loan, date } => {
            let day = date_or_today("--date", &date)?;
            let member_id = match (member, loan) {
                (Some(code), _) => ctx.store.member_by_code(&code)?.id,
                (None, Some(account)) => ctx.store.member_of_loan(&account)?,
                (None, None) => bail!("cần --member MÃ_KH hoặc --loan SỐ_KHẾ_ƯỚC"),
            };
            let statement = ctx.store.member_statement(member_id, day)?;
            ctx.print(&statement, || show::statement(&statement))
        }
        Command::Reverse {
            entry,
            reason,
            approved_by,
            pin,
            session_date,
        } => {
            let entry: EntryId = entry
                .parse()
                .map_err(|_| anyhow!("mã bút toán = «{entry}»: không đúng dạng"))?;
            let approver = ctx.store.staff_by_code(&approved_by)?;
            let session = match session_date {
                Some(text) => Some(ctx.session_of(parse_date("--session-date", &text)?)?),
                None => None,
            };
            let actor = ctx.actor()?;
            let reversal = ctx
                .store
                .write(actor, "reverse_entry", &entry.to_string(), |tx| {
                    tx.reverse(entry, &reason, approver.id, &pin, session)
                })?;
            ctx.print(&reversal, || {
                format!(
                    "Đã hủy bút toán {entry} bằng bút toán {} ({}).\n",
                    reversal.id, reversal.amount
                )
            })
        }
        Command::Session(cmd) => session(&mut ctx, cmd),
        Command::Meeting(cmd) => meeting(&mut ctx, cmd),
        Command::Status(cmd) => status(&mut ctx, cmd),
        Command::Risk(args) => risk(&mut ctx, args),
        Command::Quality { date } => {
            let day = date_or_today("--date", &date)?;
            let summary = ctx.store.quality_summary(day)?;
            ctx.print(&summary, || show::quality(&summary))
        }
        Command::Report(cmd) => report::report(&mut ctx, cmd),
        Command::Watchlist {
            kind,
            sort,
            date,
            group,
            server,
            xlsx,
            pdf,
        } => report::watchlist(
            &mut ctx,
            &kind,
            &sort,
            &date,
            &group,
            server,
            export::Targets::new(xlsx, pdf),
        ),
        Command::RatingScheme { action } => report::rating_scheme(&mut ctx, action),
        Command::FeeRate { action } => report::fee_rate(&mut ctx, action),
        Command::Policy { action, key, value } => {
            match (action.as_deref(), key, value) {
                (None, _, _) => {}
                (Some("set"), Some(key), Some(value)) => {
                    let actor = ctx.actor()?;
                    ctx.store
                        .write(actor, "set_policy", &format!("{key}={value}"), |tx| {
                            tx.set_policy(&key, &value)
                        })?;
                }
                _ => bail!("cú pháp: phien policy [set KHÓA GIÁ_TRỊ]"),
            }
            let policy = ctx.store.policy()?;
            ctx.print(&policy, || show::policy(&policy))
        }
        Command::Program {
            code,
            name_vi,
            name_en,
            percent,
            from,
            student,
            every,
        } => {
            let period = rate_period(&from, &percent)?;
            let program = phien_core::program::Program {
                code: phien_core::program::ProgramCode(code.clone()),
                name_vi,
                name_en,
                is_student: student,
                installment_every_months: every.max(1),
            };
            let actor = ctx.actor()?;
            ctx.store.write(actor, "add_program", &code, |tx| {
                tx.insert_program(&program, std::slice::from_ref(&period))
            })?;
            let programs = ctx.store.programs()?;
            ctx.print(&programs, || show::programs(&programs))
        }
        Command::Rate {
            program,
            from,
            percent,
        } => {
            let period = rate_period(&from, &percent)?;
            let detail = format!("{program} {} {}", period.effective_from, period.annual_rate);
            let actor = ctx.actor()?;
            ctx.store.write(actor, "add_rate", &detail, |tx| {
                tx.add_rate(&program, &period)
            })?;
            let programs = ctx.store.programs()?;
            ctx.print(&programs, || show::programs(&programs))
        }
        Command::Audit { limit } => {
            let events = ctx.store.audit_events(limit)?;
            ctx.print(&events, || show::audit(&events))
        }
        Command::Enrol { server, code, name } => {
            let scope = phien_sync::enrol(
                &mut ctx.store,
                &server,
                &code,
                &name,
                Utc::now(),
                phien_sync::Options::default(),
            )?;
            ctx.print(&scope, || {
                format!(
                    "Đã đăng ký với {server}: phạm vi {} (quận/huyện {}{}{})\n",
                    scope.kind.as_str(),
                    scope.office_id,
                    scope
                        .point_id
                        .as_deref()
                        .map(|p| format!(", điểm {p}"))
                        .unwrap_or_default(),
                    scope
                        .group_id
                        .as_deref()
                        .map(|g| format!(", tổ {g}"))
                        .unwrap_or_default()
                )
            })
        }
        Command::Sync => {
            let json = ctx.json;
            let report = phien_sync::sync(
                &mut ctx.store,
                Utc::now(),
                phien_sync::Options::default(),
                &mut |p| {
                    if !json {
                        match p {
                            phien_sync::Progress::Pushed {
                                acknowledged,
                                pending,
                            } => {
                                eprintln!("  đã gửi {acknowledged}, còn {pending}")
                            }
                            phien_sync::Progress::Pulled { received } => {
                                eprintln!("  đã nhận {received}")
                            }
                            phien_sync::Progress::Retrying { attempt } => {
                                eprintln!("  mất kết nối, thử lại (lần {attempt})…")
                            }
                        }
                    }
                },
            )?;
            ctx.print(&report, || show::sync_report(&report))
        }
        Command::SyncCheck { month } => {
            if !phien_wire::MonthDigest::valid_month(&month) {
                bail!("--month = «{month}»: phải là tháng dạng YYYY-MM, ví dụ 2026-10");
            }
            let check = phien_sync::check_month(
                &mut ctx.store,
                &month,
                Utc::now(),
                phien_sync::Options::default(),
            )?;
            ctx.print(&check, || show::month_check(&check))?;
            if !check.matches {
                bail!(
                    "tháng {month} vẫn lệch với máy chủ sau khi nhận lại: xem `phien sync-status`"
                );
            }
            Ok(())
        }
        Command::SyncStatus => {
            let link = ctx.store.sync_link()?;
            let quarantine = ctx.store.sync_quarantine()?;
            let value = serde_json::json!({
                "enrolled": link.is_some(),
                "server": link.as_ref().map(|l| l.server_url.clone()),
                "scope": link.as_ref().map(|l| l.scope.kind.clone()),
                "lastSyncAt": link.as_ref().and_then(|l| l.last_sync_at.clone()),
                "lastError": link.as_ref().and_then(|l| l.last_error.clone()),
                "pending": link.as_ref().map(|l| l.pending),
                "pullCursor": link.as_ref().map(|l| l.pull_cursor),
                "quarantined": quarantine.iter().map(|q| serde_json::json!({
                    "direction": q.direction, "entity": q.entity, "entityId": q.entity_id,
                    "code": q.code, "reason": q.reason, "at": q.at,
                })).collect::<Vec<_>>(),
            });
            ctx.print(&value, || show::sync_status(link.as_ref(), &quarantine))
        }
        Command::Reviews { all } => {
            let items = phien_sync::reviews(&ctx.store, all, phien_sync::Options::default())?;
            ctx.print(&items, || show::reviews(&items))
        }
        Command::ReviewResolve { id, decision, note } => {
            let decision = match decision.as_str() {
                "keep-server" | "keep_server" => phien_wire::Decision::KeepServer,
                "take-device" | "take_device" => phien_wire::Decision::TakeDevice,
                other => bail!(
                    "--decision = «{other}»: phải là keep-server (giữ giá trị máy chủ) hoặc take-device (lấy giá trị của máy đã sửa)"
                ),
            };
            let item = phien_sync::resolve_review(
                &ctx.store,
                id,
                decision,
                &note,
                phien_sync::Options::default(),
            )?;
            ctx.print(&item, || show::reviews(std::slice::from_ref(&item)))
        }
        Command::BundleExport { out } => {
            let export = phien_sync::export_bundle(&ctx.store, Utc::now())?;
            export::write_whole(&out, &export.bytes, true)?;
            let value = serde_json::json!({
                "file": out.display().to_string(),
                "items": export.items,
                "bytes": export.bytes.len(),
                "seqs": export.seqs,
            });
            ctx.print(&value, || show::bundle_export(&out, &export))
        }
        Command::BundleAccept { file } => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("không đọc được tệp {}", file.display()))?;
            let done = phien_sync::accept_reply(&mut ctx.store, &bytes, Utc::now())?;
            ctx.print(&done, || show::bundle_accepted(&done))
        }
        Command::BundleDeliver { file, reply } => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("không đọc được tệp {}", file.display()))?;
            let answer =
                phien_sync::deliver_bundle(&ctx.store, bytes, phien_sync::Options::default())?;
            export::write_whole(&reply, &answer, true)?;
            let value =
                serde_json::json!({"reply": reply.display().to_string(), "bytes": answer.len()});
            ctx.print(&value, || {
                format!(
                    "Máy chủ đã nhận gói. Tệp trả lời: {} — mang về điểm giao dịch và chạy `phien bundle-accept`.\n",
                    reply.display()
                )
            })
        }
        Command::Changes { after, limit } => {
            let changes = ctx.store.changes_after(after, limit)?;
            ctx.print(&changes, || show::changes(&changes))
        }
    }
}

fn rate_period(from: &str, percent: &str) -> Result<phien_core::program::RatePeriod> {
    let from = parse_date("--from", from)?;
    let pct = parse_decimal("--percent", percent)?;
    Ok(phien_core::program::RatePeriod {
        effective_from: from,
        annual_rate: phien_core::program::percent(pct),
    })
}

/// The software itself as the author of an import into an empty file, which
/// has no staff yet: staff `HT` (Hệ thống), created on first use.
fn system_actor(store: &mut Store) -> Result<Actor> {
    match store.staff_by_code("HT") {
        Ok(staff) => {
            return Ok(Actor {
                staff: staff.id,
                at: Utc::now(),
            });
        }
        Err(phien_store::StoreError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let staff = phien_store::Staff {
        id: phien_core::ids::StaffId(store.new_id()),
        code: "HT".into(),
        full_name: "Hệ thống".into(),
        role: phien_store::StaffRole::System,
    };
    let actor = Actor {
        staff: staff.id,
        at: Utc::now(),
    };
    store.write(actor, "add_staff", "HT", |tx| tx.insert_staff(&staff, None))?;
    Ok(actor)
}

fn pay(ctx: &mut Ctx, args: PayArgs) -> Result<()> {
    let kind = parse_kind(&args.kind)?;
    let day = date_or_today("--date", &args.date)?;
    let amount = amount("--amount", &args.amount)?;
    let (member_id, loan_id) = match (&args.member, &args.loan) {
        (_, Some(account)) => (
            ctx.store.member_of_loan(account)?,
            Some(ctx.store.loan_id(account)?),
        ),
        (Some(code), None) => (ctx.store.member_by_code(code)?.id, None),
        (None, None) => bail!("cần --member MÃ_KH hoặc --loan SỐ_KHẾ_ƯỚC"),
    };
    if kind.needs_loan() && loan_id.is_none() {
        bail!("{} cần --loan SỐ_KHẾ_ƯỚC", kind.label_vi());
    }
    let session_id = ctx.store.session_on(day)?;
    let actor = ctx.actor()?;
    let entry = ctx.store.write(actor, "record_entry", kind.code(), |tx| {
        tx.record_entry(NewEntry {
            kind,
            member_id,
            loan_id: if kind.needs_loan() { loan_id } else { None },
            amount,
            value_date: day,
            session_id,
            receipt_no: args.receipt.clone(),
        })
    })?;
    ctx.print(&entry, || {
        format!(
            "Đã ghi {} {} ngày {} (mã bút toán {}).\n",
            kind.label_vi(),
            entry.amount,
            day.format("%d/%m/%Y"),
            entry.id
        )
    })
}

fn session(ctx: &mut Ctx, cmd: SessionCommand) -> Result<()> {
    match cmd {
        SessionCommand::Open {
            date,
            team_leader,
            controller,
            teller,
            cash_from_office,
        } => {
            let day = date_or_today("--date", &date)?;
            let opening_cash = amount("--cash-from-office", &cash_from_office)?;
            let team = Team {
                team_leader: ctx.store.staff_by_code(&team_leader)?.id,
                controller: ctx.store.staff_by_code(&controller)?.id,
                teller: ctx.store.staff_by_code(&teller)?.id,
            };
            let point = ctx.point_id()?;
            let actor = ctx.actor()?;
            let id = ctx
                .store
                .write(actor, "open_session", &day.to_string(), |tx| {
                    tx.open_session(point, day, &team, opening_cash)
                })?;
            let summary = ctx.store.session_summary(id)?;
            ctx.print(&summary, || show::session(&summary))
        }
        SessionCommand::Handover {
            date,
            group,
            expected,
            amount: handed,
            note,
        } => {
            let day = date_or_today("--date", &date)?;
            let session = ctx.session_of(day)?;
            let group = ctx.store.group_by_code(&group)?;
            let expected = amount("--expected", &expected)?;
            let handed = amount("--amount", &handed)?;
            let actor = ctx.actor()?;
            ctx.store
                .write(actor, "record_handover", &group.code, |tx| {
                    tx.record_handover(session, group.id, expected, handed, note.as_deref())
                })?;
            let summary = ctx.store.session_summary(session)?;
            ctx.print(&summary, || show::session(&summary))
        }
        SessionCommand::Close { date, count, note } => {
            let day = date_or_today("--date", &date)?;
            let session = ctx.session_of(day)?;
            let count = CashCount::new(input::parse_count(&count)?).map_err(|e| anyhow!("{e}"))?;
            let actor = ctx.actor()?;
            ctx.store
                .write(actor, "close_session", &day.to_string(), |tx| {
                    tx.close_session(session, &count, note.as_deref())
                })?;
            let summary = ctx.store.session_summary(session)?;
            ctx.print(&summary, || show::session(&summary))
        }
        SessionCommand::Show { date } => {
            let day = date_or_today("--date", &date)?;
            let session = ctx.session_of(day)?;
            let summary = ctx.store.session_summary(session)?;
            ctx.print(&summary, || show::session(&summary))
        }
    }
}

fn meeting(ctx: &mut Ctx, cmd: MeetingCommand) -> Result<()> {
    match cmd {
        MeetingCommand::Add { group, file } => {
            let group = ctx.store.group_by_code(&group)?;
            let actor = ctx.actor()?;
            let id = MeetingId(ctx.store.new_id());
            let meeting: Meeting =
                input::read_meeting(&ctx.store, &file, id, group.id, actor.staff)?;
            let today = today()?;
            ctx.store.write(
                actor,
                "record_meeting",
                &format!("{} {}", group.code, meeting.held_on),
                |tx| tx.record_meeting(&meeting, today),
            )?;
            ctx.print(&meeting, || {
                format!(
                    "Đã ghi biên bản họp tổ {} ngày {}.\n",
                    group.name,
                    meeting.held_on.format("%d/%m/%Y")
                )
            })
        }
        MeetingCommand::List { group } => {
            let group = ctx.store.group_by_code(&group)?;
            let meetings = ctx.store.meetings(group.id)?;
            let members = ctx.store.members_of_group(group.id)?;
            ctx.print(&meetings, || show::meetings(&group, &meetings, &members))
        }
        MeetingCommand::Minutes { group, date, pdf } => forms::minutes(ctx, &group, &date, pdf),
    }
}

fn status(ctx: &mut Ctx, cmd: StatusCommand) -> Result<()> {
    match cmd {
        StatusCommand::Add {
            member,
            kind,
            on,
            destination,
            source,
            note,
        } => {
            let member = ctx.store.member_by_code(&member)?;
            let kind = StatusKind::from_code(&kind.replace('-', "_")).ok_or_else(|| {
                anyhow!("--kind = «{kind}»: chọn moved-away, returned, deceased hoặc missing")
            })?;
            let learned_on = date_or_today("--on", &on)?;
            let actor = ctx.actor()?;
            let event = StatusEvent {
                id: StatusEventId(ctx.store.new_id()),
                member_id: member.id,
                kind,
                learned_on,
                destination,
                source,
                note,
                recorded_by: actor.staff,
            };
            let today = today()?;
            ctx.store
                .write(actor, "add_status_event", kind.code(), |tx| {
                    tx.record_status_event(&event, today)
                })?;
            ctx.print(&event, || {
                format!(
                    "Đã ghi: {} — {} ({}).\n",
                    member.full_name,
                    kind.label_vi(),
                    learned_on.format("%d/%m/%Y")
                )
            })
        }
        StatusCommand::Trace {
            member,
            agency,
            asked_on,
            answer,
            answered_on,
        } => {
            let member = ctx.store.member_by_code(&member)?;
            let agency = Agency::from_code(&agency.replace('-', "_")).ok_or_else(|| {
                anyhow!("--agency = «{agency}»: chọn police, social-insurance, tax hoặc other")
            })?;
            let statement = ctx.store.member_statement(member.id, today()?)?;
            let event = statement
                .status
                .iter()
                .rev()
                .find(|e| matches!(e.kind, StatusKind::MovedAway | StatusKind::Missing))
                .ok_or_else(|| {
                    anyhow!(
                        "{} chưa được ghi là đi khỏi địa phương hoặc mất tích",
                        member.full_name
                    )
                })?;
            let actor = ctx.actor()?;
            let trace = Trace {
                id: TraceId(ctx.store.new_id()),
                event_id: event.id,
                agency,
                asked_on: date_or_today("--asked-on", &asked_on)?,
                answered_on: match (&answer, &answered_on) {
                    (Some(_), Some(day)) => Some(parse_date("--answered-on", day)?),
                    (Some(_), None) => Some(today()?),
                    _ => None,
                },
                answer,
                recorded_by: actor.staff,
            };
            let today = today()?;
            ctx.store.write(actor, "add_trace", agency.code(), |tx| {
                tx.record_trace(&trace, today)
            })?;
            ctx.print(&trace, || {
                format!("Đã ghi tra cứu {} (mã {}).\n", agency.code(), trace.id)
            })
        }
        StatusCommand::Answer { trace, answer, on } => {
            let trace: TraceId = trace
                .parse()
                .map_err(|_| anyhow!("mã tra cứu = «{trace}»: không đúng dạng"))?;
            let on = date_or_today("--on", &on)?;
            let actor = ctx.actor()?;
            let today = today()?;
            ctx.store
                .write(actor, "answer_trace", &trace.to_string(), |tx| {
                    tx.record_trace_answer(trace, &answer, on, today)
                })?;
            ctx.print(
                &serde_json::json!({ "trace": trace, "answer": answer }),
                || "Đã ghi câu trả lời.\n".to_string(),
            )
        }
    }
}

fn risk(ctx: &mut Ctx, args: RiskArgs) -> Result<()> {
    let loan_id = ctx.store.loan_id(&args.loan)?;
    let decided_on = date_or_today("--decided-on", &args.decided_on)?;
    let measure = match args.measure.as_str() {
        "extension" => RiskMeasure::Extension {
            new_due_on: parse_date(
                "--new-due-on",
                args.new_due_on
                    .as_deref()
                    .ok_or_else(|| anyhow!("gia hạn cần --new-due-on"))?,
            )?,
            installment_seq: args.installment,
        },
        "freeze" => RiskMeasure::Freeze {
            from: match &args.from {
                Some(text) => parse_date("--from", text)?,
                None => decided_on,
            },
            until: args
                .until
                .as_deref()
                .map(|t| parse_date("--until", t))
                .transpose()?,
        },
        "write-off" | "write_off" => RiskMeasure::WriteOff {
            principal: args
                .principal
                .as_deref()
                .map(|t| amount("--principal", t))
                .transpose()?
                .unwrap_or_default(),
            interest: args
                .interest
                .as_deref()
                .map(|t| amount("--interest", t))
                .transpose()?
                .unwrap_or_default(),
        },
        other => bail!("--measure = «{other}»: chọn extension, freeze hoặc write-off"),
    };
    let decision = RiskDecision {
        id: DecisionId(ctx.store.new_id()),
        loan_id,
        decision_no: args.decision_no,
        decided_on,
        measure,
        reason: args.reason,
    };
    let actor = ctx.actor()?;
    let today = today()?;
    ctx.store
        .write(actor, "add_risk_decision", &decision.decision_no, |tx| {
            tx.record_decision(&decision, today)
        })?;
    let member = ctx.store.member_of_loan(&args.loan)?;
    let statement = ctx.store.member_statement(member, decided_on)?;
    ctx.print(&statement, || show::statement(&statement))
}
