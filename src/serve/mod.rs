//! `nifcheck serve`.

pub mod page;
