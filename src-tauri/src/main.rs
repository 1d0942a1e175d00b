// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[allow(unsafe_code)]
fn main() {
    // SAFETY: the first statement of `main`, before Tauri, GTK or anything
    // else has started a thread that could read the environment.
    #[cfg(target_os = "linux")]
    unsafe {
        phien_app::webkit_without_compositing()
    };
    phien_app::run();
}
