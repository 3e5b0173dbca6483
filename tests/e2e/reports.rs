//! Reports: reports made by seeded users through the client API (`scripts/synapse.py seed`),
//! acted on from the reports pages, and checked through the admin API.

use crate::harness::*;
use serde_json::Value;

/// What the seed wrote for the report `key` (`id`, `event_id`, `mxcs`).
fn report(key: &str) -> &'static Value {
    let r = &seed().0["reports"][key];
    assert!(r.is_object(), "seed.json has no report {key}");
    r
}

fn report_id(key: &str) -> u64 {
    report(key)["id"].as_u64().expect("report id")
}

fn report_mxcs(key: &str) -> Vec<String> {
    report(key)["mxcs"]
        .as_array()
        .expect("mxcs")
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect()
}

/// The admin API's status for the report: 200 while open, 404 once dismissed.
fn report_status(id: u64) -> u16 {
    get_with_token(
        &format!("/_synapse/admin/v1/event_reports/{id}"),
        seed().admin_token(),
    )
    .0
}

fn quarantined_by(mxc: &str) -> Option<String> {
    let (status, info) = media_info(mxc);
    assert_eq!(status, 200, "{mxc}: {info}");
    info["media_info"]["quarantined_by"]
        .as_str()
        .map(str::to_owned)
}

fn row(id: u64) -> String {
    format!("//table[contains(@class,'reports')]//tr[@data-report='{id}']")
}

#[tokio::test]
async fn from_the_navigation_a_reported_image_is_seen_blurred_then_quarantined_and_dismissed_in_two_clicks(
) {
    let id = report_id("image");
    let mxcs = report_mxcs("image");
    assert_eq!(mxcs.len(), 2, "the image and its thumbnail");
    assert_eq!(report_status(id), 200);
    let b = Browser::start().await;
    b.login_admin().await;
    // Click one: the navigation, which shows how many reports are open.
    let nav = "//nav[@aria-label='Main']//a[starts-with(normalize-space(.),'Reports')]";
    b.find(&format!("{nav}//span[@class='badge']")).await;
    b.click(nav).await;
    b.wait_text("Explicit image in a public room").await;
    let r = row(id);
    let cells = b.find(&r).await.text().await.unwrap();
    assert!(cells.contains(&user_id("mallory")), "{cells}");
    assert!(cells.contains(&user_id("erin")), "{cells}");
    assert!(
        cells.contains("Reported Lounge") && cells.contains("-100"),
        "{cells}"
    );
    // The reported image, blurred. Previews load as they scroll into view, and rows above
    // grow while their own media loads, so the row is brought into view until it shows.
    let blurred = format!("{r}//img[contains(@class,'preview') and contains(@class,'blurred')]");
    let deadline = tokio::time::Instant::now() + WAIT;
    while b.find_all(&blurred).await.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no blurred preview in the row: {}",
            b.find(&r).await.text().await.unwrap()
        );
        b.client
            .execute(
                "document.querySelector(`tr[data-report='${arguments[0]}']`).scrollIntoView({block: 'center'});",
                vec![serde_json::json!(id)],
            )
            .await
            .expect("scroll");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    b.find(&format!(
        "{r}//*[contains(normalize-space(.),'Quarantines 2 files')]"
    ))
    .await;
    // Click two.
    b.click(&format!(
        "{r}//button[normalize-space(.)='Quarantine and dismiss']"
    ))
    .await;
    b.wait_text(&format!("Report {id} dismissed.")).await;
    for mxc in &mxcs {
        assert_eq!(
            quarantined_by(mxc).as_deref(),
            Some(format!("@admin:{}", seed().server_name()).as_str()),
            "{mxc}"
        );
    }
    assert_eq!(report_status(id), 404, "the report is gone");
    b.finish().await;
}

#[tokio::test]
async fn the_detail_shows_the_file_like_a_media_row_and_deletes_it_after_saying_what_it_touches() {
    let id = report_id("delete");
    let mxc = report_mxcs("delete").remove(0);
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/reports/{id}")).await;
    b.wait_text("Illegal content").await;
    b.wait_text("reported-delete.png").await;
    let file_row = format!("//tr[@data-mxc={}]", xpath_str(&mxc));
    b.find(&format!("{file_row}//img[contains(@class,'blurred')]"))
        .await;
    let uploader = b.find(&file_row).await.text().await.unwrap();
    assert!(uploader.contains(&user_id("mallory")), "{uploader}");
    // The raw event is one click away.
    b.click("//summary[normalize-space(.)='Raw event']").await;
    b.wait_text(report("delete")["event_id"].as_str().unwrap())
        .await;
    b.click_button("Delete files").await;
    let dialog = b.find("//div[@role='dialog']").await.text().await.unwrap();
    assert!(dialog.contains("Deletes 1 file"), "{dialog}");
    assert_eq!(
        info_status(&mxc),
        200,
        "nothing is deleted before the confirmation"
    );
    b.click("//div[@role='dialog']//button[normalize-space(.)='Delete files']")
        .await;
    b.wait_text(&format!("Report {id}: 1 file deleted")).await;
    assert_eq!(info_status(&mxc), 404, "the file is deleted");
    assert_eq!(report_status(id), 200, "the report stays open");
    b.finish().await;
}

#[tokio::test]
async fn bulk_triage_quarantines_and_dismisses_three_reports_with_an_outcome_for_each() {
    let keys = ["triage_1", "triage_2", "triage_3"];
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto("/reports?size=100").await;
    for key in keys {
        let id = report_id(key);
        b.click(&format!("{}//input[@type='checkbox']", row(id)))
            .await;
    }
    b.wait_text("3 selected").await;
    b.click_button("Quarantine their media and dismiss").await;
    let dialog = b.find("//div[@role='dialog']").await.text().await.unwrap();
    assert!(dialog.contains("3 reports"), "{dialog}");
    b.click(
        "//div[@role='dialog']//button[normalize-space(.)='Quarantine their media and dismiss']",
    )
    .await;
    b.wait_text("Triage outcome").await;
    for key in keys {
        let id = report_id(key);
        let line = b
            .find(&format!(
                "//section[@aria-label='Triage outcome']//tr[@data-report='{id}']"
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            line.contains("done") && line.contains("1 file quarantined"),
            "{line}"
        );
        assert_eq!(report_status(id), 404, "report {id} dismissed");
        for mxc in report_mxcs(key) {
            assert!(quarantined_by(&mxc).is_some(), "{mxc} quarantined");
        }
    }
    b.finish().await;
}

#[tokio::test]
async fn a_report_on_an_encrypted_event_says_the_server_cannot_see_its_media() {
    let id = report_id("encrypted");
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/reports/{id}")).await;
    b.wait_text("Encrypted abuse").await;
    b.wait_text("end-to-end encrypted: the server cannot see")
        .await;
    assert!(
        b.find_all("//button[normalize-space(.)='Quarantine and dismiss']")
            .await
            .is_empty(),
        "nothing to quarantine"
    );
    b.button("Dismiss report").await;
    // Stickers, videos and files each show their one file.
    for (key, kind, name) in [
        ("sticker", "Sticker", "reported-sticker.webp"),
        ("video", "Video", "reported-clip.mp4"),
        ("file", "File", "reported-leak.pdf"),
    ] {
        b.goto(&format!("/reports/{}", report_id(key))).await;
        b.wait_text(name).await;
        b.find(&format!("//dd[normalize-space(.)='{kind}']")).await;
        b.find(&format!(
            "//tr[@data-mxc={}]",
            xpath_str(&report_mxcs(key)[0])
        ))
        .await;
    }
    b.finish().await;
}

#[tokio::test]
async fn a_report_on_a_redacted_event_shows_the_media_the_server_still_holds() {
    let id = report_id("redacted");
    let mxc = report_mxcs("redacted").remove(0);
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/reports/{id}")).await;
    b.wait_text("This event was redacted").await;
    b.wait_text("reported-redacted.png").await;
    b.click_button("Quarantine files").await;
    b.wait_text(&format!("Report {id}: 1 file quarantined"))
        .await;
    assert!(quarantined_by(&mxc).is_some());
    assert_eq!(
        report_status(id),
        200,
        "quarantine alone leaves the report open"
    );
    b.finish().await;
}

#[tokio::test]
async fn reported_users_are_listed_on_their_own_tab_and_lead_to_the_users_media() {
    let mallory = user_id("mallory");
    let b = Browser::start().await;
    b.login_admin().await;
    // The user's page says how many open reports concern them and links to the filtered list.
    b.goto(&format!("/users/{}", encode(&mallory))).await;
    b.click("//p[contains(@class,'open-reports')]//a[contains(normalize-space(.),'open')]")
        .await;
    b.wait_text("Posted then deleted").await;
    assert!(b
        .path()
        .await
        .contains(&format!("sender={}", encode(&mallory))));
    assert!(
        !b.body_text().await.contains("Encrypted abuse"),
        "the sender filter is applied"
    );
    b.click_tab("Reported users").await;
    if seed().0["reports"]["user_report"] == Value::Bool(true) {
        b.wait_text("Impersonates the admins").await;
        b.click_link(&mallory).await;
        b.wait_text(&format!("files uploaded by {mallory}")).await;
    } else {
        b.wait_text("This server does not support user reports")
            .await;
    }
    b.finish().await;
}
