//! Notifications: short messages that say what just happened, with an optional follow-up
//! action ("Undo"), dismissed by the admin.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Success,
    Error,
    Info,
}

/// A button in a notification, such as "Undo".
#[derive(Clone)]
pub struct ToastAction {
    pub label: String,
    pub run: Callback<()>,
}

#[derive(Clone)]
pub struct Toast {
    pub id: u64,
    pub tone: Tone,
    pub text: String,
    pub action: Option<ToastAction>,
}

/// At most this many notifications stay on screen; the oldest go first.
const MAX_SHOWN: usize = 5;

/// The handle pages use to notify.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

impl Toasts {
    pub fn new() -> Self {
        Toasts {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        }
    }

    pub fn expect() -> Self {
        expect_context::<Toasts>()
    }

    pub fn push(&self, tone: Tone, text: impl Into<String>) {
        self.push_with(tone, text, None);
    }

    pub fn push_with(&self, tone: Tone, text: impl Into<String>, action: Option<ToastAction>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|l| {
            l.push(Toast {
                id,
                tone,
                text: text.into(),
                action,
            });
            if l.len() > MAX_SHOWN {
                l.remove(0);
            }
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }

    pub fn all(&self) -> Vec<Toast> {
        self.list.get()
    }
}
