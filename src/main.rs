//! The first module: see `shell` (src/shell/mod.rs).

fn main() {
    idv_capture::run_first_module();
}
