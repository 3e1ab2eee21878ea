//! The government model: agencies, levels, the exchanges between them, and what a report says
//! about them as a whole.

pub mod summary;
