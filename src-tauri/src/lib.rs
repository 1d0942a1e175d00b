//! Phiên's desktop app: a thin Tauri 2 shell around `phien-store`.
//!
//! The shell opens the data file (`PHIEN_DB`, else `phien.db` in the
//! platform's app-data folder), creates the demo commune on first start, and
//! answers the commands of `docs/ipc.md` ([`commands`]) with the DTOs of
//! [`ipc`]. It holds no rule and no SQL.

pub mod commands;
pub mod ipc;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use phien_store::Store;
use tauri::{Manager, Runtime};

pub use commands::AppState;

/// Every command of `docs/ipc.md`, for `Builder::invoke_handler`.
///
/// While a group leader is signed in, any command outside
/// [`commands::LEADER_COMMANDS`] is refused here with `leader_mode`, before
/// it runs: the leader's scope comes from their sign-in, never from what the
/// page asks for.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    let commands = all_commands::<R>();
    move |invoke: tauri::ipc::Invoke<R>| {
        let leader_command = commands::LEADER_COMMANDS.contains(&invoke.message.command());
        if !leader_command {
            let refused = invoke
                .message
                .webview_ref()
                .try_state::<AppState>()
                .and_then(|state| state.require_officer().err());
            if let Some(err) = refused {
                invoke.resolver.reject(err);
                return true;
            }
        }
        commands(invoke)
    }
}

fn all_commands<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    use commands::district::handlers as district;
    use commands::export::handlers as export;
    use commands::handlers;
    use commands::report::handlers as report;
    tauri::generate_handler![
        handlers::home,
        handlers::staff,
        handlers::groups,
        handlers::collection_list,
        handlers::record_collection,
        handlers::session,
        handlers::open_session,
        handlers::close_session,
        handlers::search,
        handlers::statement,
        handlers::reverse_entry,
        handlers::counter_member,
        handlers::record_counter_entry,
        handlers::disburse_loan,
        handlers::group_page,
        handlers::record_meeting,
        handlers::add_status_event,
        handlers::add_trace,
        handlers::answer_trace,
        handlers::add_risk_decision,
        handlers::leader_sign_in,
        handlers::leader_sign_out,
        handlers::leader_home,
        handlers::leader_record_receipt,
        handlers::leader_void_receipt,
        handlers::leader_records,
        handlers::sync_now,
        handlers::enrol_device,
        report::credit_report,
        district::district_credit_report,
        district::district_group_ratings,
        district::district_fee_report,
        district::district_watchlist,
        district::district_compare_units,
        report::group_ratings,
        report::watchlist,
        report::fee_report,
        report::compare_units,
        report::report_series,
        report::rating_scheme,
        report::set_rating_scheme,
        report::fee_rates,
        report::set_fee_rate,
        export::export_document,
    ]
}

/// "Today" pinned by `PHIEN_TODAY` (dd/mm/yyyy or yyyy-mm-dd), if set.
pub fn today_from_env() -> Result<Option<NaiveDate>, String> {
    match std::env::var("PHIEN_TODAY") {
        Ok(text) if !text.trim().is_empty() => {
            let t = text.trim();
            NaiveDate::parse_from_str(t, "%d/%m/%Y")
                .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
                .map(Some)
                .map_err(|_| format!("PHIEN_TODAY = «{text}»: ngày không hợp lệ (dd/mm/yyyy)"))
        }
        _ => Ok(None),
    }
}

/// Opens (creating if absent) the store at `path`; an empty file gets the
/// standard demo commune as of `today`.
pub fn open_store(path: &Path, today: NaiveDate) -> Result<Store, String> {
    let mut store = Store::open(path)
        .map_err(|e| format!("không mở được tệp dữ liệu «{}»: {e}", path.display()))?;
    if store.is_empty().map_err(|e| e.to_string())? {
        eprintln!(
            "Phiên: tệp dữ liệu mới «{}»: đang tạo xã mẫu (demo commune), có thể mất vài chục giây…",
            path.display()
        );
        let started = std::time::Instant::now();
        phien_demo::generate(&mut store, &phien_demo::DemoOptions::standard(today))
            .map_err(|e| format!("không tạo được xã mẫu: {e}"))?;
        eprintln!(
            "Phiên: đã tạo xã mẫu sau {} ms.",
            started.elapsed().as_millis()
        );
    }
    Ok(store)
}

/// The data file, shared with the CLI: see [`phien_store::default_path`].
fn db_path<R: Runtime>(_app: &tauri::App<R>) -> Result<PathBuf, String> {
    phien_store::default_path().map_err(|e| e.to_string())
}

/// Starts the app; returns when the last window closes.
pub fn run() {
    let today = match today_from_env() {
        Ok(today) => today,
        Err(message) => {
            eprintln!("Phiên: {message}");
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        .setup(move |app| {
            let path = db_path(app)?;
            let day = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let store = open_store(&path, day)?;
            app.manage(AppState::new(store, today));
            // The window is created hidden (tauri.conf.json) and shown once
            // the store is ready, so the UI's first command finds it.
            if let Some(window) = app.get_webview_window("main") {
                window.show()?;
            }
            Ok(())
        })
        .invoke_handler(handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Phiên: {e}");
        std::process::exit(1);
    }
}

/// WebKitGTK's accelerated compositing, where no GPU driver helps (Xvfb, many
/// commune laptops' Linux installs), draws through software OpenGL: measured
/// here it took the web process from 220 MB to 419 MB and doubled start and
/// list times (docs/performance.md). Phiên's pages are forms and tables that
/// gain nothing from it, so it is off unless the environment already says
/// otherwise. Windows (WebView2) is not affected.
///
/// # Safety
/// It sets an environment variable: call it first thing in `main`, before
/// any other thread exists.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub unsafe fn webkit_without_compositing() {
    const KEY: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(KEY).is_none() {
        // SAFETY: the caller's contract — no other thread yet.
        unsafe { std::env::set_var(KEY, "1") };
    }
}
