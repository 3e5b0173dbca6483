//! A test double for [`AdminApi`]: answers recorded from Synapse, keyed by method and path (and
//! the query where it matters), and a log of every request it got. A request it has no answer
//! for gets a 599 with the request named, so a test that forgot one fails loudly.

use super::exchange::{AdminApi, Exchanged};
use super::{ApiError, ApiRequest};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

/// One recorded answer.
#[derive(Debug, Clone)]
pub enum Answer {
    Status(u16, String),
    /// The request never got an answer (network failure).
    Network,
}

/// Called before each answer with the request's key and how many requests came before it;
/// tests use it to pause, cancel or sign out at a given point.
type Hook = Box<dyn Fn(&str, usize)>;

#[derive(Default)]
pub struct Replay {
    /// Answers per key, given in order; the last one repeats.
    answers: RefCell<HashMap<String, VecDeque<Answer>>>,
    /// Every request received, as its key.
    pub calls: RefCell<Vec<String>>,
    hook: RefCell<Option<Hook>>,
}

/// `GET /_synapse/admin/v1/users/%40a%3Ax/media?limit=1`: method, encoded path, and the
/// query in the order it was built.
pub fn key_of(request: &ApiRequest) -> String {
    let mut key = format!("{} {}", request.method.as_str(), request.path.as_str());
    for (i, (k, v)) in request.query.iter().enumerate() {
        key.push(if i == 0 { '?' } else { '&' });
        key.push_str(&format!("{k}={v}"));
    }
    key
}

impl Replay {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an answer for `key` (`"GET /path"` or `"GET /path?a=1&b=2"`): a request whose full
    /// key has no answer is looked up without its query.
    pub fn on(&self, key: &str, status: u16, body: &str) -> &Self {
        self.push(key, Answer::Status(status, body.to_owned()))
    }

    pub fn on_network_error(&self, key: &str) -> &Self {
        self.push(key, Answer::Network)
    }

    fn push(&self, key: &str, answer: Answer) -> &Self {
        let mut answers = self.answers.borrow_mut();
        answers.entry(key.to_owned()).or_default().push_back(answer);
        self
    }

    pub fn set_hook(&self, hook: impl Fn(&str, usize) + 'static) {
        *self.hook.borrow_mut() = Some(Box::new(hook));
    }

    /// How many requests had a key starting with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        let calls = self.calls.borrow();
        calls.iter().filter(|c| c.starts_with(prefix)).count()
    }

    fn answer(&self, key: &str) -> Answer {
        let mut answers = self.answers.borrow_mut();
        let bare = key.split('?').next().unwrap_or(key);
        let queue = match answers.contains_key(key) {
            true => answers.get_mut(key),
            false => answers.get_mut(bare),
        };
        match queue {
            Some(q) if q.len() > 1 => q.pop_front().unwrap_or(Answer::Network),
            Some(q) => q.front().cloned().unwrap_or(Answer::Network),
            None => Answer::Status(
                599,
                format!("{{\"error\":\"no recorded answer for {key}\"}}"),
            ),
        }
    }
}

impl AdminApi for Replay {
    fn exchange(&self, request: ApiRequest) -> Exchanged<'_> {
        let key = key_of(&request);
        let before = self.calls.borrow().len();
        self.calls.borrow_mut().push(key.clone());
        if let Some(hook) = self.hook.borrow().as_ref() {
            hook(&key, before);
        }
        let answer = self.answer(&key);
        Box::pin(async move {
            match answer {
                Answer::Status(status, body) => Ok((status, body)),
                Answer::Network => Err(ApiError::Network {
                    detail: "Failed to fetch".into(),
                }),
            }
        })
    }
}
