//! The audit page: a quarantine done in the UI shows in Synapse's change feed and in Curator's
//! action log, and the log's exports hold it.

use crate::harness::*;
use serde_json::Value;

/// Every change in the feed, walked from the start (oldest first, 100 per page).
fn feed() -> Vec<Value> {
    let mut all = Vec::new();
    let mut from = 0;
    loop {
        let page = admin_get(&format!(
            "/_synapse/admin/v1/media/quarantine_changes?from={from}"
        ));
        let changes = page["changes"].as_array().expect("changes").clone();
        let full = changes.len() >= 100;
        all.extend(changes);
        if !full {
            return all;
        }
        from = page["next_batch"].as_u64().expect("next_batch");
    }
}

fn quarantines_of(feed: &[Value], media_id: &str) -> usize {
    feed.iter()
        .filter(|c| {
            c["media_id"] == media_id && (c["quarantined"] == 1 || c["quarantined"] == true)
        })
        .count()
}

#[tokio::test]
async fn a_quarantine_done_in_the_ui_appears_in_the_audit_feed_and_in_the_action_log() {
    // No other test touches this file, and no other file is identical to it.
    let mxc = mxc_of("alice", "thumb-02.png");
    let media_id = mxc.rsplit('/').next().unwrap().to_owned();
    let server = seed().server_name().to_owned();
    let admin = format!("@admin:{server}");
    assert_eq!(quarantines_of(&feed(), &media_id), 0, "not quarantined yet");

    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/media/{}", media_path(&mxc))).await;
    let row = format!("//tr[@data-mxc={}]", xpath_str(&mxc));
    b.click(&format!("{row}//button[normalize-space(.)='Quarantine']"))
        .await;
    b.wait_text("Quarantined “thumb-02.png”").await;
    b.find(&format!("{row}//button[normalize-space(.)='Unquarantine']"))
        .await;
    // The server holds it quarantined, and its feed has the change.
    let info = admin_get(&format!("/_synapse/admin/v1/media/{}", media_path(&mxc)));
    assert_eq!(info["media_info"]["quarantined_by"], admin.as_str());
    assert_eq!(quarantines_of(&feed(), &media_id), 1);

    // The feed on the audit page, newest first: other tests quarantine in parallel, so go back
    // through older screens if it is not on the first.
    b.click_link("Audit").await;
    let in_feed = format!(
        "//table[@aria-label='Quarantine changes']//tr[td[normalize-space(.)='Quarantined'] and td[normalize-space(.)='Local']]//a[normalize-space(.)={}]",
        xpath_str(&mxc)
    );
    b.find("//table[@aria-label='Quarantine changes']").await;
    let mut link = b.find_all(&in_feed).await;
    for _ in 0..10 {
        if !link.is_empty() {
            break;
        }
        b.click_button("Load older").await;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        link = b.find_all(&in_feed).await;
    }
    let link = link.into_iter().next().expect("the change is in the feed");
    let href = link.attr("href").await.unwrap().unwrap_or_default();
    assert!(
        href.ends_with(&format!("/media/{}", media_path(&mxc))),
        "links to the file's page: {href}"
    );
    b.wait_text("newest first").await;

    // The action log: who, what, on what, and the outcome the server's re-read gave.
    b.find("//table[@aria-label='Action log']").await;
    b.wait_text("1 of 1 actions match").await;
    let entry = format!(
        "//table[@aria-label='Action log']//tr[td[normalize-space(.)={admin}] and td[normalize-space(.)='Quarantine'] and td//a[normalize-space(.)={mxc}] and td[normalize-space(.)='Done'] and td[starts-with(normalize-space(.), 'Quarantined “thumb-02.png”')]]",
        admin = xpath_str(&admin),
        mxc = xpath_str(&mxc),
    );
    b.find(&entry).await;
    // The filter narrows by words and by outcome.
    b.fill("Filter", "no-such-words").await;
    b.wait_text("No entry matches the filter.").await;
    b.fill("Filter", &media_id).await;
    b.find(&entry).await;
    b.click(
        "//label[starts-with(normalize-space(.), 'Outcome')]//select/option[@value='not-done']",
    )
    .await;
    b.wait_text("No entry matches the filter.").await;
    b.click("//label[starts-with(normalize-space(.), 'Outcome')]//select/option[@value='done']")
        .await;
    b.find(&entry).await;

    // Both exports hold the entry.
    b.click_button("Export CSV").await;
    let csv = b.downloaded("curator-actions.csv").await;
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "time,who,action,target,result,outcome,job");
    assert!(
        lines[1].contains(&format!(",{admin},Quarantine,{mxc},Done,")),
        "{csv}"
    );
    assert!(lines[1].contains("Quarantined “thumb-02.png”"), "{csv}");
    b.click_button("Export JSON").await;
    let json: Value = serde_json::from_str(&b.downloaded("curator-actions.json").await).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (
            &json[0]["who"],
            &json[0]["action"],
            &json[0]["target"],
            &json[0]["ok"]
        ),
        (
            &Value::from(admin.as_str()),
            &Value::from("Quarantine"),
            &Value::from(mxc.as_str()),
            &Value::from(true)
        )
    );
    // It is kept in this browser.
    let stored = b.storage("localStorage", "curator.actions").await.unwrap();
    assert!(stored.contains(&mxc), "{stored}");

    // The feed's link opens the file's page, which shows it quarantined.
    b.click(&in_feed).await;
    b.find(&format!(
        "{row}//td[@class='state'][starts-with(normalize-space(.), 'Quarantined by')]"
    ))
    .await;
    assert!(b
        .path()
        .await
        .ends_with(&format!("/media/{}", media_path(&mxc))));
    b.finish().await;
}
