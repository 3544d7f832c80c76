//! Start-up, shared by the registry's window and the empty shell it is
//! measured against: choosing WebKit's renderer before any window exists,
//! and the start-up benchmark's mark (the page calls `painted` after its
//! first frame, and the time since the process started goes to stderr as
//! `painted PAGE MS`).

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Marks the start of the process; call first thing in main.
pub fn mark_start() {
    STARTED.get_or_init(Instant::now);
}

/// The variable that makes WebKitGTK rasterize with the CPU.
#[cfg(target_os = "linux")]
const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// WebKitGTK draws through the GPU by default. Without one (a virtual
/// machine, a remote desktop, a display without a graphics card) that path
/// runs on a software OpenGL rasterizer, and the first frames of a full
/// page take a visible moment; WebKit's own CPU rasterizer draws them
/// several times faster. So where the machine has no GPU render node, the
/// CPU path is chosen, unless the user has chosen. Call before any thread
/// or window exists (the web processes inherit the environment).
pub fn choose_renderer() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(CPU_RENDERING).is_none() && !has_gpu_render_node() {
        std::env::set_var(CPU_RENDERING, "1");
    }
}

#[cfg(target_os = "linux")]
fn has_gpu_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|dir| {
        dir.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[tauri::command]
pub fn painted(page: String) {
    let ms = STARTED
        .get()
        .map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0);
    eprintln!("painted {page} {ms:.0}");
}
