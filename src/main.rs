//! The server binary: serves the built app and the server functions from one origin.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = restock::server::config::Config::parse();
    restock::root::init_tracing(&config);
    restock::root::run(config).await
}
