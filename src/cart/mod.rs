//! The cart (shared parts).
