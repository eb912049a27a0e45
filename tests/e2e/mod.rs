//! The end-to-end tests' fixtures, split as Leptos's own e2e tests split theirs
//! (`e2e/tests/fixtures/`): `find` says where things are on the page (every selector), `action`
//! what a user does, `browser` the processes, the Chromium session and the waits under them;
//! `camera` and `arrange` what a test prepares (a fake camera, server-side rows and orders).

pub mod action;
pub mod arrange;
pub mod browser;
pub mod camera;
pub mod find;
