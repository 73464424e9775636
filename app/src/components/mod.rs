//! Pieces every page shares.

pub mod cards;
pub mod charts;
pub mod chrome;
pub mod comments;
pub mod forms;
pub mod status;
