//! After logging out: the offer to also clear what this browser keeps of the admin's work (the
//! action log and the job reports hold user ids, room ids and file names), and what was cleared.

use crate::state::action_log::ActionLog;
use crate::state::jobs::Jobs;
use leptos::prelude::*;

#[component]
pub fn ForgetRecordsOffer() -> impl IntoView {
    let log = ActionLog::expect();
    let jobs = Jobs::expect();
    let cleared = RwSignal::new(None::<String>);
    let clear = move |_| {
        let actions = log.clear_counted();
        leptos::task::spawn_local(async move {
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            cleared.set(Some(match jobs.forget_finished().await {
                Ok(reports) => format!(
                    "Cleared from this browser: {actions} logged action{}, {reports} job report{}.",
                    plural(actions),
                    plural(reports),
                ),
                Err(e) => format!(
                    "Cleared from this browser: {actions} logged action{}. The job reports were \
                     NOT cleared: {e}",
                    plural(actions),
                ),
            }));
        });
    };
    view! {
        <div class="notice forget">
            {move || match cleared.get() {
                Some(done) => view! { <p role="status">{done}</p> }.into_any(),
                None => view! {
                    <p>"This browser still keeps the action log and the job reports (user ids, file names). On a shared computer, clear them too."</p>
                    <button class="secondary" on:click=clear>"Clear the action log and job reports"</button>
                }.into_any(),
            }}
        </div>
    }
}
