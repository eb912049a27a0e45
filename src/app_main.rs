//! Entry point of the WebAssembly client (built by Trunk with `--features csr`).

fn main() {
    console_error_panic_hook::set_once();
    restock::app::start();
}
