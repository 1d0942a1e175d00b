// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    webkit_without_compositing();
    phien_app::run();
}

/// WebKitGTK's accelerated compositing, where no GPU driver helps (Xvfb, many
/// commune laptops' Linux installs), draws through software OpenGL: measured
/// here it took the web process from 220 MB to 419 MB and doubled start and
/// list times (docs/performance.md). Phiên's pages are forms and tables that
/// gain nothing from it, so it is off unless the environment already says
/// otherwise. Windows (WebView2) is not affected.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn webkit_without_compositing() {
    const KEY: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(KEY).is_none() {
        // SAFETY: the first statement of `main`, before Tauri, GTK or
        // anything else has started a thread that could read the environment.
        unsafe { std::env::set_var(KEY, "1") };
    }
}
