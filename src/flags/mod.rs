//! What was typed: the one table of flags (`defs`), the lexopt scan (`parse`) into `LowArgs`
//! (`lowargs`) and the help texts (`help`). `hiargs` resolves the result.

pub(crate) mod defs;
pub(crate) mod help;
pub(crate) mod lowargs;
pub(crate) mod parse;
