//! After logging out: the offer to also clear what this browser keeps of the admin's work (the
//! action log and the job reports hold user ids, room ids and file names), and what was cleared.

use crate::i18n::{t, tf, tn, P, T};
use crate::state::action_log::ActionLog;
use crate::state::jobs::Jobs;
use leptos::prelude::*;

#[component]
pub fn ForgetRecordsOffer() -> impl IntoView {
    let log = ActionLog::expect();
    let jobs = Jobs::expect();
    let cleared = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let clear = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = match forget_records(log, jobs).await {
                Ok(clearing) => Ok(clearing.await),
                Err(e) => Err(e.to_string()),
            };
            cleared.set(Some(outcome));
            busy.set(false);
        });
    };
    view! {
        <div class="notice forget">
            {move || match cleared.get() {
                Some(Ok(done)) => view! { <p role="status">{done}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                None => view! {
                    <p>{t(T::DlgForgetOffer)}</p>
                    <button class="secondary" on:click=clear disabled=move || busy.get()>{t(T::DlgClearRecords)}</button>
                }.into_any(),
            }}
        </div>
    }
}

crate::split::split_fn! {
    /// Clearing the records (and the stored jobs that are left) loads on use: only this offer,
    /// after a logout, needs it. Returns what was cleared, as the admin reads it.
    fn forget_records(
        log: ActionLog,
        jobs: Jobs,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = String>>> {
        Box::pin(async move {
            let actions = log.clear_counted();
            let reports = jobs.forget_finished().await;
            tf(
                T::DlgClearedFromBrowser,
                &[
                    ("actions", &tn(P::DlgLoggedActions, actions as u64, &[])),
                    ("reports", &tn(P::DlgJobReports, reports as u64, &[])),
                ],
            )
        })
    }
}
