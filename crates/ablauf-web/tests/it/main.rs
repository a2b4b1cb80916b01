//! Integration tests: the real server on a free port, a fresh database per
//! test, every test on SQLite and on PostgreSQL (`both!`).

mod harness;

mod accounts;
mod admin;
mod analysis;
mod api;
mod audit_trail;
mod blocks;
mod catalogue;
mod hostile;
mod imports;
mod library;
mod library_adopt;
mod library_update;
mod model;
mod modelling;
mod operator_api;
mod page_details;
mod patterns;
mod references;
mod register;
mod register_io;
mod search;
mod security;
mod to_be;
