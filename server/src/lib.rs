//! The `likewise` server: configuration, storage, content import and export, and the web server that
//! serves the Leptos pages and the JSON API.

#![recursion_limit = "256"]

pub mod auth;
pub mod cache;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod content;
pub mod discussion;
pub mod domain;
pub mod editorial;
pub mod exchange;
pub mod http;
pub mod metrics;
pub mod publication;
pub mod search;
pub mod store;
