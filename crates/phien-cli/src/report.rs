//! The supervisors' reports (`phien report …`), the loan officer's
//! watchlists (`phien watchlist …`) and the reports' settings
//! (`phien rating-scheme`, `phien fee-rate`): argument handling and text for
//! people. Every figure comes from `phien_core::report` through the store.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use phien_core::dates::Month;
use phien_core::money::decimal_vi;
use phien_core::org::{AssociationKind, next_session_date};
use phien_core::report::compare::{Comparison, Indicator, compare};
use phien_core::report::fees::{FeeKind, FeeRate, FeeRates, FeeReport};
use phien_core::report::rating::{
    Criterion, CriterionScore, GroupRating, MeasureUnit, RatingReport, RatingScheme, RatingSchemes,
};
use phien_core::report::watchlist::{SortBy, WatchKind, Watchlist};
use phien_core::report::{CreditReport, Figures, Level, ReportRow};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::export::Targets;
use crate::input::{parse_decimal, parse_month};
use crate::show::{Table, day, money, percent};
use crate::{Ctx, date_or_today, today};
use phien_documents::{Computed, Document};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Chất lượng tín dụng theo cấp: PGD → điểm giao dịch → hội → tổ → hộ vay.
    Quality {
        /// Report date (dd/mm/yyyy); default today.
        #[arg(long, alias = "as-of")]
        date: Option<String>,
        /// Deepest level shown: office, point, association, group or borrower.
        #[arg(long, default_value = "group")]
        level: String,
        /// Only this group (T07) and below.
        #[arg(long, conflicts_with = "association")]
        group: Option<String>,
        /// Only this association (HND, HPN, CCB, DTN) and below.
        #[arg(long)]
        association: Option<String>,
        /// Toàn quận/huyện, do máy chủ đồng bộ tính (máy giám sát đã đăng ký).
        #[arg(long)]
        server: bool,
        /// Xuất bảng tính Excel vào tệp này (.xlsx).
        #[arg(long, value_name = "TỆP")]
        xlsx: Option<PathBuf>,
        /// In báo cáo ra tệp PDF A4 (.pdf).
        #[arg(long, value_name = "TỆP")]
        pdf: Option<PathBuf>,
    },
    /// Xếp loại Tổ TK&VV của tháng (Tốt/Khá/Trung bình/Yếu), điểm từng tiêu chí.
    Rating {
        /// Month (mm/yyyy); default this month (measured through today).
        #[arg(long)]
        month: Option<String>,
        /// One group, with its score broken down per criterion.
        #[arg(long)]
        group: Option<String>,
        /// Toàn quận/huyện, do máy chủ đồng bộ tính (máy giám sát đã đăng ký).
        #[arg(long)]
        server: bool,
        /// Xuất bảng tính Excel (mọi tổ và chi tiết chấm điểm) vào tệp này (.xlsx).
        #[arg(long, value_name = "TỆP")]
        xlsx: Option<PathBuf>,
        /// In bảng xếp loại ra tệp PDF A4 (.pdf).
        #[arg(long, value_name = "TỆP")]
        pdf: Option<PathBuf>,
    },
    /// Phí ủy thác của hội và hoa hồng của tổ trong tháng.
    Fees {
        /// Month (mm/yyyy); default this month (measured through today).
        #[arg(long)]
        month: Option<String>,
        /// Toàn quận/huyện, do máy chủ đồng bộ tính (máy giám sát đã đăng ký).
        #[arg(long)]
        server: bool,
        /// Xuất bảng tính Excel vào tệp này (.xlsx).
        #[arg(long, value_name = "TỆP")]
        xlsx: Option<PathBuf>,
        /// In ra tệp PDF A4 (.pdf).
        #[arg(long, value_name = "TỆP")]
        pdf: Option<PathBuf>,
    },
    /// Mọi báo cáo của tháng trong một bảng tính: chất lượng tín dụng, xếp loại, phí, bốn danh sách theo dõi.
    Month {
        /// Month (mm/yyyy); default this month (measured through today).
        #[arg(long)]
        month: Option<String>,
        /// Tệp Excel (.xlsx) để ghi.
        #[arg(long, value_name = "TỆP")]
        xlsx: PathBuf,
    },
    /// So sánh các đơn vị cùng cấp theo một chỉ tiêu, có xếp hạng.
    Compare {
        /// Level compared: point, association, group or borrower.
        #[arg(long, default_value = "group")]
        level: String,
        /// Indicator: overdue_ratio, overdue, overdue_change_since_jan1,
        /// overdue_change_since_last_month, frozen_ratio, interest_arrears,
        /// interest_collection_rate, inactive, moved_away_outstanding, outstanding.
        #[arg(long, default_value = "overdue_ratio")]
        by: String,
        /// Report date (dd/mm/yyyy); default today.
        #[arg(long, alias = "as-of")]
        date: Option<String>,
        /// Only the units within this association (HND…).
        #[arg(long)]
        association: Option<String>,
        /// Toàn quận/huyện, do máy chủ đồng bộ tính (máy giám sát đã đăng ký).
        #[arg(long)]
        server: bool,
        /// Xuất bảng tính Excel vào tệp này (.xlsx).
        #[arg(long, value_name = "TỆP")]
        xlsx: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum SchemeCommand {
    /// Cách chấm đang áp dụng cho một tháng và các phiên bản đã lưu.
    Show {
        /// Month (mm/yyyy); default this month.
        #[arg(long)]
        month: Option<String>,
    },
    /// Lưu cách chấm áp dụng từ một tháng: sửa tiêu chí và/hoặc ngưỡng xếp loại.
    Set {
        /// First month it applies to (mm/yyyy).
        #[arg(long)]
        from: String,
        /// CODE=POINTS or CODE=POINTS:FULL_AT:ZERO_AT (percent), repeatable,
        /// e.g. --rule no_qua_han=30:0:2.
        #[arg(long = "rule")]
        rules: Vec<String>,
        /// Lowest score of Tốt, Khá and Trung bình, e.g. 85,70,50.
        #[arg(long)]
        bands: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum FeeRateCommand {
    /// Các tỷ lệ phí ủy thác và hoa hồng theo tháng hiệu lực.
    Show,
    /// Lưu tỷ lệ áp dụng từ một tháng.
    Set {
        /// association (phí ủy thác) or group (hoa hồng).
        #[arg(long)]
        kind: String,
        /// First month it applies to (mm/yyyy).
        #[arg(long)]
        from: String,
        /// Percent per month, e.g. 0,045.
        #[arg(long)]
        percent: String,
    },
}

fn month_or_this(field: &str, text: &Option<String>) -> Result<Month> {
    match text {
        Some(text) => parse_month(field, text),
        None => Ok(Month::of(today()?)),
    }
}

/// The id of the association with this code (HND…) at the point.
fn association_id(ctx: &Ctx, code: &str) -> Result<Uuid> {
    let kind = AssociationKind::from_code(code)
        .ok_or_else(|| anyhow!("--association = «{code}»: chọn HND, HPN, CCB hoặc DTN"))?;
    let point = ctx
        .store
        .point()?
        .ok_or_else(|| anyhow!("tệp dữ liệu chưa có điểm giao dịch"))?;
    point
        .associations
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(id, _)| id.0)
        .ok_or_else(|| anyhow!("--association = «{code}»: điểm không có hội này"))
}

fn within(ctx: &Ctx, group: &Option<String>, association: &Option<String>) -> Result<Option<Uuid>> {
    Ok(match (group, association) {
        (Some(code), _) => Some(ctx.store.group_by_code(code)?.id.0),
        (None, Some(code)) => Some(association_id(ctx, code)?),
        (None, None) => None,
    })
}

fn level(text: &str) -> Result<Level> {
    Level::from_code(text).ok_or_else(|| {
        anyhow!("--level = «{text}»: chọn office, point, association, group hoặc borrower")
    })
}

pub fn report(ctx: &mut Ctx, cmd: ReportCommand) -> Result<()> {
    match cmd {
        ReportCommand::Quality {
            date,
            level: deepest,
            group,
            association,
            server,
            xlsx,
            pdf,
        } => {
            let day = date_or_today("--date", &date)?;
            let deepest = level(&deepest)?;
            let targets = Targets::new(xlsx, pdf);
            targets.check(ctx.overwrite)?;
            let within = within(ctx, &group, &association)?;
            if server {
                let report = phien_sync::district_report(
                    &ctx.store,
                    day,
                    deepest,
                    within,
                    phien_sync::Options::default(),
                )?;
                if targets.any() {
                    let document = Document::CreditReport {
                        as_of: day,
                        within,
                        deepest,
                    };
                    return write_computed(ctx, &targets, Computed::Credit(&report), &document);
                }
                return ctx.print(&report, || credit_text(&report));
            }
            if targets.any() {
                let document = Document::CreditReport {
                    as_of: day,
                    within,
                    deepest,
                };
                return targets.write(ctx, &document);
            }
            let report = ctx.store.credit_report(day)?.cut(within, deepest);
            ctx.print(&report, || credit_text(&report))
        }
        ReportCommand::Rating {
            month,
            group,
            server,
            xlsx,
            pdf,
        } => {
            let month = month_or_this("--month", &month)?;
            let targets = Targets::new(xlsx, pdf);
            targets.check(ctx.overwrite)?;
            let document = Document::Ratings { month };
            if targets.any() && !server {
                return targets.write(ctx, &document);
            }
            let ratings = if server {
                phien_sync::district_ratings(&ctx.store, month, phien_sync::Options::default())?
                    .report
            } else {
                ctx.store.group_ratings(month, today()?)?
            };
            if targets.any() {
                return write_computed(ctx, &targets, Computed::Ratings(&ratings), &document);
            }
            match group {
                Some(code) => {
                    let group = ctx.store.group_by_code(&code)?;
                    let rating = ratings
                        .groups
                        .iter()
                        .find(|g| g.group == group.id.0)
                        .ok_or_else(|| anyhow!("--group = «{code}»: không có trong xếp loại"))?;
                    ctx.print(rating, || breakdown_text(&ratings, rating))
                }
                None => ctx.print(&ratings, || ratings_text(&ratings)),
            }
        }
        ReportCommand::Fees {
            month,
            server,
            xlsx,
            pdf,
        } => {
            let month = month_or_this("--month", &month)?;
            let targets = Targets::new(xlsx, pdf);
            targets.check(ctx.overwrite)?;
            let document = Document::Fees { month };
            if targets.any() && !server {
                return targets.write(ctx, &document);
            }
            let fees = if server {
                phien_sync::district_fees(&ctx.store, month, phien_sync::Options::default())?.report
            } else {
                ctx.store.fee_report(month, today()?)?
            };
            if targets.any() {
                return write_computed(ctx, &targets, Computed::Fees(&fees), &document);
            }
            ctx.print(&fees, || fees_text(&fees))
        }
        ReportCommand::Month { month, xlsx } => {
            let month = month_or_this("--month", &month)?;
            let targets = Targets::new(Some(xlsx), None);
            targets.check(ctx.overwrite)?;
            targets.write(ctx, &Document::MonthReports { month })
        }
        ReportCommand::Compare {
            level: compared,
            by,
            date,
            association,
            server,
            xlsx,
        } => {
            let day = date_or_today("--date", &date)?;
            let compared = level(&compared)?;
            if compared == Level::Office {
                bail!("--level = «office»: chọn point, association, group hoặc borrower");
            }
            let indicator = Indicator::from_code(&by).ok_or_else(|| {
                let all: Vec<&str> = Indicator::ALL.iter().map(|i| i.code()).collect();
                anyhow!("--by = «{by}»: chọn một trong {}", all.join(", "))
            })?;
            let targets = Targets::new(xlsx, None);
            targets.check(ctx.overwrite)?;
            let within = within(ctx, &None, &association)?;
            let document = Document::Comparison {
                as_of: day,
                level: compared,
                indicator,
                within,
            };
            if targets.any() && !server {
                return targets.write(ctx, &document);
            }
            let comparison = if server {
                phien_sync::district_comparison(
                    &ctx.store,
                    day,
                    compared,
                    indicator,
                    within,
                    phien_sync::Options::default(),
                )?
                .report
            } else {
                compare(&ctx.store.credit_report(day)?, compared, indicator, within)
            };
            if targets.any() {
                return write_computed(ctx, &targets, Computed::Comparison(&comparison), &document);
            }
            ctx.print(&comparison, || compare_text(&comparison))
        }
    }
}

pub fn watchlist(
    ctx: &mut Ctx,
    kind: &str,
    sort: &str,
    date: &Option<String>,
    group: &Option<String>,
    server: bool,
    targets: Targets,
) -> Result<()> {
    targets.check(ctx.overwrite)?;
    let kind = WatchKind::from_code(kind).ok_or_else(|| {
        anyhow!("danh sách «{kind}»: chọn due, overdue, arrears, inactive hoặc moved-away")
    })?;
    let sort = SortBy::from_code(sort)
        .ok_or_else(|| anyhow!("--sort = «{sort}»: chọn amount hoặc age"))?;
    let on = match (kind, date) {
        (_, Some(text)) => crate::input::parse_date("--date", text)?,
        // The due list is for the coming session: the point's next fixed day.
        (WatchKind::Due, None) => {
            let fixed_day = ctx.store.point()?.map_or(15, |p| p.point.fixed_day);
            next_session_date(today()?, fixed_day)
        }
        (_, None) => today()?,
    };
    let within = within(ctx, group, &None)?;
    let document = Document::Watchlist {
        kind,
        sort,
        on,
        within,
    };
    if targets.any() && !server {
        return targets.write(ctx, &document);
    }
    let list = if server {
        phien_sync::district_watchlist(
            &ctx.store,
            kind,
            sort,
            on,
            within,
            phien_sync::Options::default(),
        )?
        .report
    } else {
        ctx.store.watchlist(kind, sort, on, within)?
    };
    if targets.any() {
        return write_computed(ctx, &targets, Computed::Watchlist(&list), &document);
    }
    ctx.print(&list, || watchlist_text(&list))
}

/// Writes the files of a report the server computed (`--server`).
fn write_computed(
    ctx: &Ctx,
    targets: &Targets,
    computed: Computed<'_>,
    document: &Document,
) -> Result<()> {
    targets.write_made(ctx, |format, today| {
        Ok(phien_documents::make_computed(
            &ctx.store, computed, document, format, today,
        )?)
    })
}

pub fn rating_scheme(ctx: &mut Ctx, cmd: Option<SchemeCommand>) -> Result<()> {
    let month = match &cmd {
        Some(SchemeCommand::Set { from, rules, bands }) => {
            let from = parse_month("--from", from)?;
            let (_, mut scheme) = ctx.store.rating_schemes()?.in_force(from);
            for rule in rules {
                apply_rule(&mut scheme, rule)?;
            }
            if let Some(bands) = bands {
                apply_bands(&mut scheme, bands)?;
            }
            if rules.is_empty() && bands.is_none() {
                bail!("cần ít nhất một --rule hoặc --bands");
            }
            let actor = ctx.actor()?;
            ctx.store
                .write(actor, "set_rating_scheme", &from.to_string(), |tx| {
                    tx.set_rating_scheme(from, &scheme)
                })?;
            from
        }
        Some(SchemeCommand::Show { month }) => month_or_this("--month", month)?,
        None => month_or_this("--month", &None)?,
    };
    let schemes = ctx.store.rating_schemes()?;
    let (from, scheme) = schemes.in_force(month);
    let value = serde_json::json!({
        "month": month,
        "from": from,
        "scheme": scheme,
        "versions": schemes.versions(),
    });
    ctx.print(&value, || scheme_text(month, from, &scheme, &schemes))
}

/// `CODE=POINTS` or `CODE=POINTS:FULL_AT:ZERO_AT` over the scheme's rule.
fn apply_rule(scheme: &mut RatingScheme, text: &str) -> Result<()> {
    let (code, values) = text
        .split_once('=')
        .ok_or_else(|| anyhow!("--rule = «{text}»: viết MÃ=ĐIỂM hoặc MÃ=ĐIỂM:ĐỦ_ĐIỂM:0_ĐIỂM"))?;
    let criterion = Criterion::from_code(code.trim()).ok_or_else(|| {
        let all: Vec<&str> = Criterion::ALL.iter().map(|c| c.code()).collect();
        anyhow!(
            "--rule = «{text}»: tiêu chí «{code}» không có; chọn {}",
            all.join(", ")
        )
    })?;
    let mut rule = scheme
        .criteria
        .iter()
        .find(|r| r.criterion == criterion)
        .cloned()
        .unwrap_or_else(|| {
            RatingScheme::standard()
                .criteria
                .into_iter()
                .find(|r| r.criterion == criterion)
                .expect("the standard scheme has every criterion")
        });
    let parts: Vec<&str> = values.split(':').collect();
    match parts.as_slice() {
        [weight] => rule.weight = parse_decimal("--rule", weight)?,
        [weight, full_at, zero_at] => {
            rule.weight = parse_decimal("--rule", weight)?;
            rule.full_at = parse_decimal("--rule", full_at)?;
            rule.zero_at = parse_decimal("--rule", zero_at)?;
        }
        _ => bail!("--rule = «{text}»: viết MÃ=ĐIỂM hoặc MÃ=ĐIỂM:ĐỦ_ĐIỂM:0_ĐIỂM"),
    }
    scheme.set_rule(rule);
    Ok(())
}

fn apply_bands(scheme: &mut RatingScheme, text: &str) -> Result<()> {
    let values: Vec<&str> = text.split([',', ';', '/']).collect();
    let [tot, kha, trung_binh] = values.as_slice() else {
        bail!("--bands = «{text}»: viết ba ngưỡng Tốt,Khá,Trung bình, ví dụ 90,80,70");
    };
    scheme.bands.tot = parse_decimal("--bands", tot)?;
    scheme.bands.kha = parse_decimal("--bands", kha)?;
    scheme.bands.trung_binh = parse_decimal("--bands", trung_binh)?;
    Ok(())
}

pub fn fee_rate(ctx: &mut Ctx, cmd: Option<FeeRateCommand>) -> Result<()> {
    if let Some(FeeRateCommand::Set {
        kind,
        from,
        percent,
    }) = cmd
    {
        let kind = FeeKind::from_code(&kind)
            .ok_or_else(|| anyhow!("--kind = «{kind}»: chọn association hoặc group"))?;
        let from = parse_month("--from", &from)?;
        let rate = FeeRate {
            kind,
            from,
            monthly_rate: parse_decimal("--percent", &percent)? / Decimal::ONE_HUNDRED,
        };
        let actor = ctx.actor()?;
        let detail = format!("{} {from} {}", kind.code(), rate.monthly_rate);
        ctx.store
            .write(actor, "set_fee_rate", &detail, |tx| tx.set_fee_rate(rate))?;
    }
    let rates = ctx.store.fee_rates()?;
    ctx.print(&rates, || fee_rates_text(&rates))
}

// ---- Text for people

fn rate_pct(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_string(), percent)
}

fn signed(value: phien_core::Dong) -> String {
    if value.is_positive() {
        format!("+{}", money(value))
    } else {
        money(value)
    }
}

fn indented(row: &ReportRow) -> String {
    let depth = row.level as usize;
    let name = match row.level {
        Level::Group | Level::Borrower => format!("{} {}", row.code, row.label),
        _ => row.label.clone(),
    };
    format!("{}{name}", "  ".repeat(depth))
}

fn credit_text(r: &CreditReport) -> String {
    let mut out = format!(
        "CHẤT LƯỢNG TÍN DỤNG — ngày {} (thu lãi tháng {})\n\n",
        day(r.as_of),
        r.month
    );
    let mut t = Table::new(&[
        "Đơn vị",
        ">Hộ vay",
        ">Dư nợ",
        ">Trong hạn",
        ">Quá hạn",
        ">Tỷ lệ QH",
        ">Khoanh",
        ">QH ± từ 01/01",
        ">QH ± tháng trước",
        ">Lãi tồn",
        ">3 tháng KHĐ (món/dư nợ)",
        ">Đi khỏi ĐP (hộ/dư nợ)",
        ">Tỷ lệ thu lãi",
    ]);
    for row in &r.rows {
        let f = &row.figures;
        t.row(vec![
            indented(row),
            f.n_borrowers.to_string(),
            money(f.outstanding),
            money(f.current),
            money(f.overdue),
            percent(f.overdue_ratio_pct),
            money(f.frozen),
            signed(f.overdue_change_since_jan1),
            signed(f.overdue_change_since_last_month),
            money(f.interest_arrears),
            format!("{} / {}", f.n_inactive, money(f.inactive_outstanding)),
            format!(
                "{} / {}",
                f.n_moved_away_with_debt,
                money(f.moved_away_outstanding)
            ),
            rate_pct(f.interest_collection_rate_pct),
        ]);
    }
    out.push_str(&t.render());
    if let Some(top) = r.rows.first() {
        out.push_str(&tracing_line(&top.figures));
    }
    out
}

fn tracing_line(f: &Figures) -> String {
    if f.n_moved_away_with_debt == 0 {
        return String::new();
    }
    format!(
        "\nHộ đi khỏi địa phương còn dư nợ: {} hộ, {} ₫ — chưa tra cứu {}, đang chờ trả lời {}, đã có trả lời {}.\n",
        f.n_moved_away_with_debt,
        money(f.moved_away_outstanding),
        f.n_moved_away_not_traced,
        f.n_moved_away_awaiting_answer,
        f.n_moved_away_answered
    )
}

fn scheme_name(from: Option<Month>) -> String {
    from.map_or_else(
        || "cách chấm mặc định, chưa có văn bản chính thức".to_string(),
        |m| format!("cách chấm áp dụng từ {m}"),
    )
}

fn ratings_text(r: &RatingReport) -> String {
    let c = &r.counts;
    let mut out = format!(
        "XẾP LOẠI TỔ TK&VV — tháng {} (tính đến {}; {})\nTốt {} · Khá {} · Trung bình {} · Yếu {}\n\n",
        r.month,
        day(r.as_of),
        scheme_name(r.scheme_from),
        c.tot,
        c.kha,
        c.trung_binh,
        c.yeu
    );
    let mut headers = vec!["Tổ".to_string(), "Tên tổ".to_string(), "Hội".to_string()];
    headers.extend(
        r.scheme
            .criteria
            .iter()
            .map(|c| format!(">{} /{}", c.criterion.label_vi(), decimal_vi(c.weight))),
    );
    headers.extend([">Điểm".to_string(), "Xếp loại".to_string()]);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut t = Table::new(&headers);
    for g in &r.groups {
        let mut cells = vec![g.code.clone(), g.label.clone(), g.association.clone()];
        cells.extend(g.breakdown.iter().map(|c| decimal_vi(c.points)));
        cells.extend([decimal_vi(g.score), g.grade.label_vi().to_string()]);
        t.row(cells);
    }
    out.push_str(&t.render());
    out.push_str("\nXem điểm từng tiêu chí của một tổ: phien report rating --group MÃ_TỔ\n");
    out
}

fn measured(c: &CriterionScore) -> String {
    match c.unit {
        MeasureUnit::Members => format!("{} / {} tổ viên", c.numerator, c.denominator),
        MeasureUnit::Dong if c.rule.criterion == Criterion::SavingsGrowth => format!(
            "{} trên {} ₫",
            signed(phien_core::Dong(c.numerator)),
            money(phien_core::Dong(c.denominator))
        ),
        MeasureUnit::Dong => format!(
            "{} / {} ₫",
            money(phien_core::Dong(c.numerator)),
            money(phien_core::Dong(c.denominator))
        ),
    }
}

fn breakdown_text(r: &RatingReport, g: &GroupRating) -> String {
    let mut out = format!(
        "{} {} ({}) — tháng {}: {} điểm — {}\n({}, tính đến {})\n\n",
        g.code,
        g.label,
        g.association,
        r.month,
        decimal_vi(g.score),
        g.grade.label_vi(),
        scheme_name(r.scheme_from),
        day(r.as_of)
    );
    let mut t = Table::new(&["Tiêu chí", "Đo được", ">Giá trị", ">Điểm", "Cách chấm"]);
    for c in &g.breakdown {
        t.row(vec![
            c.label.clone(),
            measured(c),
            c.value_pct
                .map_or_else(|| "không phát sinh".to_string(), percent),
            format!("{} / {}", decimal_vi(c.points), decimal_vi(c.rule.weight)),
            format!(
                "đủ điểm ở {}%, 0 điểm ở {}%",
                decimal_vi(c.rule.full_at),
                decimal_vi(c.rule.zero_at)
            ),
        ]);
    }
    out.push_str(&t.render());
    let b = &r.scheme.bands;
    let _ = writeln!(
        out,
        "\nXếp loại: Tốt từ {} điểm, Khá từ {}, Trung bình từ {}, dưới {} là Yếu.",
        decimal_vi(b.tot),
        decimal_vi(b.kha),
        decimal_vi(b.trung_binh),
        decimal_vi(b.trung_binh)
    );
    out
}

fn monthly(rate: Decimal) -> String {
    format!("{} %/tháng", decimal_vi(rate * Decimal::ONE_HUNDRED))
}

fn fees_text(f: &FeeReport) -> String {
    let mut out = format!(
        "PHÍ ỦY THÁC VÀ HOA HỒNG — tháng {} (tính đến {}; phí ủy thác {}, hoa hồng {})\n\n",
        f.month,
        day(f.as_of),
        monthly(f.association_rate),
        monthly(f.group_rate)
    );
    let mut t = Table::new(&[
        "Đơn vị",
        ">Dư nợ đầu tháng",
        ">Lãi phải thu",
        ">Lãi thực thu",
        ">Dư nợ có thu được lãi",
        ">Phí / hoa hồng",
    ]);
    for row in &f.rows {
        let name = match row.level {
            Level::Group => format!("  {} {}", row.code, row.label),
            _ => row.label.clone(),
        };
        t.row(vec![
            name,
            money(row.outstanding),
            money(row.interest.due),
            money(row.interest.collected),
            money(row.base),
            money(row.amount),
        ]);
    }
    out.push_str(&t.render());
    let _ = writeln!(
        out,
        "\nTổng phí ủy thác: {} ₫ · tổng hoa hồng: {} ₫",
        money(f.total_association_fee),
        money(f.total_group_commission)
    );
    out
}

fn indicator_value(indicator: Indicator, value: Option<Decimal>) -> String {
    match value {
        None => "—".to_string(),
        Some(v) if indicator.is_percent() => percent(v),
        Some(v) => decimal_vi(v),
    }
}

fn compare_text(c: &Comparison) -> String {
    let mut out = format!(
        "SO SÁNH {} THEO «{}» — ngày {}\n{}: {} · chênh lệch tốt nhất – kém nhất: {}\n\n",
        c.level.label_vi().to_uppercase(),
        c.indicator.label_vi(),
        day(c.as_of),
        c.whole_label,
        indicator_value(c.indicator, c.whole_value),
        indicator_value(c.indicator, c.spread)
    );
    let mut t = Table::new(&[">Hạng", "Mã", "Tên", ">Giá trị", ">So với chung", ""]);
    for r in &c.rows {
        t.row(vec![
            r.rank.map_or_else(|| "—".to_string(), |n| n.to_string()),
            r.code.clone(),
            r.label.clone(),
            indicator_value(c.indicator, r.value),
            r.difference.map_or_else(String::new, |d| {
                let text = indicator_value(c.indicator, Some(d));
                if d.is_sign_positive() && !d.is_zero() {
                    format!("+{text}")
                } else {
                    text
                }
            }),
            if r.worse_than_whole {
                "▲ kém hơn".to_string()
            } else {
                String::new()
            },
        ]);
    }
    out.push_str(&t.render());
    out
}

fn watchlist_text(w: &Watchlist) -> String {
    let order = match w.sort {
        SortBy::Amount => "xếp theo số tiền",
        SortBy::Age => "xếp theo thời gian",
    };
    let mut out = format!(
        "{} — ngày {} — {}\n\n",
        w.kind.label_vi().to_uppercase(),
        day(w.as_of),
        order
    );
    let since_label = match w.kind {
        WatchKind::Due | WatchKind::Inactive => "Lần trả gần nhất",
        WatchKind::Overdue => "Đến hạn ngày",
        WatchKind::Arrears => "Nợ lãi từ",
        WatchKind::MovedAway => "Biết tin ngày",
    };
    let mut headers = vec!["Mã KH", "Họ tên", "Tổ", "Khế ước"];
    match w.kind {
        WatchKind::Due => headers.extend([">Gốc phải thu", ">Lãi phải thu", ">Cộng"]),
        _ => headers.push(">Số tiền"),
    }
    headers.extend([since_label, ">Số ngày", ">Số tháng"]);
    if w.kind == WatchKind::MovedAway {
        headers.extend(["Nơi đến", "Tra cứu"]);
    }
    let mut t = Table::new(&headers);
    for r in &w.rows {
        let mut cells = vec![
            r.customer_code.clone(),
            r.name.clone(),
            r.group_code.clone(),
            r.account_no.clone().unwrap_or_default(),
        ];
        if w.kind == WatchKind::Due {
            cells.extend([money(r.principal), money(r.interest)]);
        }
        cells.extend([
            money(r.amount),
            r.since.map(day).unwrap_or_default(),
            r.age_days.to_string(),
            r.age_months.to_string(),
        ]);
        if let Some(moved) = &r.moved_away {
            let last = moved.steps.last().map(|s| format!(" ({})", s.summary_vi()));
            cells.extend([
                moved
                    .destination
                    .clone()
                    .unwrap_or_else(|| "chưa rõ".into()),
                format!("{}{}", moved.tracing.label_vi(), last.unwrap_or_default()),
            ]);
        }
        t.row(cells);
    }
    out.push_str(&t.render());
    let _ = writeln!(out, "\nCộng: {} ₫ ({} dòng)", money(w.total), w.rows.len());
    out
}

fn scheme_text(
    month: Month,
    from: Option<Month>,
    scheme: &RatingScheme,
    schemes: &RatingSchemes,
) -> String {
    let mut out = format!(
        "CÁCH CHẤM ĐIỂM TỔ TK&VV áp dụng tháng {month} ({})\n\n",
        scheme_name(from)
    );
    let mut t = Table::new(&["Mã", "Tiêu chí", ">Điểm tối đa", ">Đủ điểm ở", ">0 điểm ở"]);
    for rule in &scheme.criteria {
        t.row(vec![
            rule.criterion.code().to_string(),
            rule.criterion.label_vi().to_string(),
            decimal_vi(rule.weight),
            format!("{}%", decimal_vi(rule.full_at)),
            format!("{}%", decimal_vi(rule.zero_at)),
        ]);
    }
    out.push_str(&t.render());
    let b = &scheme.bands;
    let _ = writeln!(
        out,
        "\nXếp loại: Tốt từ {}, Khá từ {}, Trung bình từ {} điểm; dưới {} là Yếu.",
        decimal_vi(b.tot),
        decimal_vi(b.kha),
        decimal_vi(b.trung_binh),
        decimal_vi(b.trung_binh)
    );
    let versions: Vec<String> = schemes
        .versions()
        .iter()
        .map(|(m, _)| m.to_string())
        .collect();
    let _ = writeln!(
        out,
        "Phiên bản đã lưu (từ tháng): {}",
        if versions.is_empty() {
            "chưa có, dùng mặc định".to_string()
        } else {
            versions.join(", ")
        }
    );
    out
}

fn fee_rates_text(rates: &FeeRates) -> String {
    let mut t = Table::new(&["Loại", "Từ tháng", ">Tỷ lệ"]);
    for r in rates.rates() {
        t.row(vec![
            r.kind.label_vi().to_string(),
            r.from.to_string(),
            monthly(r.monthly_rate),
        ]);
    }
    format!(
        "TỶ LỆ PHÍ ỦY THÁC VÀ HOA HỒNG (tính trên dư nợ có thu được lãi)\n\n{}\nMặc định hoa hồng tổ 0,08 %/tháng là suy luận (mức trần 0,125 % trừ phí ủy thác 0,045 %), chưa có văn bản xác nhận.\n",
        t.render()
    )
}
