//! The floor of the memory target (issue 3, docs/performance.md): the same
//! web engine the app runs on — wry over WebKitGTK on Linux, with the same
//! environment `phien-app` sets — showing one line of static HTML, with no
//! Phiên code, no store and no IPC. `scripts/measure-app` starts it after
//! the real session and measures it the same way, so what the app itself
//! adds to the memory is the difference.
//!
//! `cargo build --profile dist -p phien-app --example blank_window`

use tao::event::{Event, WindowEvent};
use tao::event_loop::{ControlFlow, EventLoop};
use tao::window::WindowBuilder;
use wry::WebViewBuilder;

#[allow(unsafe_code)]
fn main() -> wry::Result<()> {
    // SAFETY: as in the app's `main`: no other thread exists yet.
    #[cfg(target_os = "linux")]
    unsafe {
        phien_app::webkit_without_compositing()
    };
    let event_loop = EventLoop::new();
    let window = WindowBuilder::new()
        .with_title("Phiên — blank window")
        .with_inner_size(tao::dpi::LogicalSize::new(1280.0, 800.0))
        .build(&event_loop)
        .expect("a window");
    let builder =
        WebViewBuilder::new().with_html("<!doctype html><meta charset=utf-8><p>Phiên</p>");
    #[cfg(target_os = "linux")]
    let _webview = {
        use tao::platform::unix::WindowExtUnix;
        use wry::WebViewBuilderExtUnix;
        builder.build_gtk(window.default_vbox().expect("tao's GTK box"))?
    };
    #[cfg(not(target_os = "linux"))]
    let _webview = builder.build(&window)?;
    event_loop.run(move |event, _, control_flow| {
        *control_flow = ControlFlow::Wait;
        if let Event::WindowEvent {
            event: WindowEvent::CloseRequested,
            ..
        } = event
        {
            *control_flow = ControlFlow::Exit;
        }
    })
}
