//! Library facade.
pub use schemalint_diagnostics as diagnostics;
