//! Synapse's quirks as the API decodes them: the helpers live with the model types that use
//! them ([`crate::model::quirks`]), so the model does not depend on the API layer.

pub use crate::model::quirks::{bool_or_int, next_token, secs_as_ms};
