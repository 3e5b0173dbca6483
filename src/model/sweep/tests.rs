use super::*;
use crate::api::decode;
use crate::api::media::UserMediaPage;
use crate::model::ids::parse_user_id;

/// A user's media list as Synapse 1.163.2 answered it (SQLite: some booleans as integers),
/// with one row of each kind the sweep tells apart.
const LIST: &str = r#"{"media":[
 {"media_id":"OldBig","media_type":"image/png","media_length":5000,"upload_name":"old.png",
  "created_ts":1000000000000,"last_access_ts":1700000000000,"quarantined_by":null,
  "safe_from_quarantine":false,"url_cache":null,"sha256":"a"},
 {"media_id":"NeverReadOld","media_type":"text/plain","media_length":4097,"upload_name":"n.txt",
  "created_ts":1700000000000,"last_access_ts":null,"quarantined_by":null,
  "safe_from_quarantine":0,"url_cache":null,"sha256":"b"},
 {"media_id":"NeverReadNew","media_type":"text/plain","media_length":9000,"upload_name":"new.txt",
  "created_ts":1800000000000,"last_access_ts":null,"quarantined_by":null,
  "safe_from_quarantine":false,"url_cache":null,"sha256":"c"},
 {"media_id":"ReadRecently","media_type":"text/plain","media_length":9000,"upload_name":"r.txt",
  "created_ts":1000000000000,"last_access_ts":1800000000000,"quarantined_by":null,
  "safe_from_quarantine":false,"url_cache":null,"sha256":"d"},
 {"media_id":"Small","media_type":"text/plain","media_length":4096,"upload_name":"s.txt",
  "created_ts":1000000000000,"last_access_ts":null,"quarantined_by":null,
  "safe_from_quarantine":false,"url_cache":null,"sha256":"e"},
 {"media_id":"Pending","media_type":null,"media_length":null,"upload_name":null,
  "created_ts":1000000000000,"last_access_ts":null,"quarantined_by":null,
  "safe_from_quarantine":false,"url_cache":null,"sha256":null},
 {"media_id":"Avatar","media_type":"image/png","media_length":8000,"upload_name":"me.png",
  "created_ts":1000000000000,"last_access_ts":1000000000001,"quarantined_by":null,
  "safe_from_quarantine":false,"url_cache":null,"sha256":"f"},
 {"media_id":"Bad","media_type":"image/png","media_length":8000,"upload_name":"bad.png",
  "created_ts":1000000000000,"last_access_ts":null,"quarantined_by":"@admin:localhost",
  "safe_from_quarantine":false,"url_cache":null,"sha256":"g"},
 {"media_id":"Keep","media_type":"image/png","media_length":8000,"upload_name":"keep.png",
  "created_ts":1000000000000,"last_access_ts":null,"quarantined_by":null,
  "safe_from_quarantine":1,"url_cache":null,"sha256":"h"}
],"total":9}"#;

const CUTOFF: TimestampMs = TimestampMs(1_750_000_000_000);

fn media() -> Vec<MediaInfo> {
    decode::<UserMediaPage>(200, LIST).unwrap().media
}

fn avatars() -> HashSet<String> {
    ["mxc://localhost/Avatar".to_owned()].into_iter().collect()
}

fn verdicts(sweep: &LocalSweep) -> Vec<(String, Verdict)> {
    media()
        .iter()
        .map(|m| {
            (
                m.media_id.clone(),
                sweep.verdict("localhost", m, &avatars()),
            )
        })
        .collect()
}

fn selected(sweep: &LocalSweep) -> Vec<String> {
    verdicts(sweep)
        .into_iter()
        .filter(|(_, v)| *v == Verdict::Deleted)
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn last_access_decides_and_creation_counts_only_for_files_never_read() {
    let sweep = LocalSweep {
        before: CUTOFF,
        size_gt: ByteSize(0),
        keep_profiles: true,
    };
    let v = verdicts(&sweep);
    let of = |id: &str| v.iter().find(|(m, _)| m == id).unwrap().1;
    assert_eq!(of("OldBig"), Verdict::Deleted);
    assert_eq!(of("NeverReadOld"), Verdict::Deleted);
    assert_eq!(of("NeverReadNew"), Verdict::RecentlyUsed);
    // Created long ago but read after the cutoff: last access wins.
    assert_eq!(of("ReadRecently"), Verdict::RecentlyUsed);
    assert_eq!(of("Pending"), Verdict::NotLarger);
    assert_eq!(of("Avatar"), Verdict::ProfileImage);
    assert_eq!(of("Bad"), Verdict::Quarantined);
    assert_eq!(of("Keep"), Verdict::Protected);
    assert_eq!(selected(&sweep), ["OldBig", "NeverReadOld", "Small"]);
}

#[test]
fn size_is_a_strict_greater_than() {
    let sweep = LocalSweep {
        before: CUTOFF,
        size_gt: ByteSize(4096),
        keep_profiles: true,
    };
    assert_eq!(selected(&sweep), ["OldBig", "NeverReadOld"]);
    let bigger = LocalSweep {
        size_gt: ByteSize(5000),
        ..sweep
    };
    assert!(selected(&bigger).is_empty());
}

#[test]
fn profile_images_go_when_not_kept_but_quarantined_and_protected_never() {
    let sweep = LocalSweep {
        before: TimestampMs(i64::MAX),
        size_gt: ByteSize(0),
        keep_profiles: false,
    };
    let all = selected(&sweep);
    assert!(all.contains(&"Avatar".to_owned()), "{all:?}");
    assert!(!all.contains(&"Bad".to_owned()) && !all.contains(&"Keep".to_owned()));
    assert!(!all.contains(&"Pending".to_owned()));
}

#[test]
fn the_preview_adds_up_files_bytes_users_and_exclusions() {
    let sweep = LocalSweep {
        before: CUTOFF,
        size_gt: ByteSize(4096),
        keep_profiles: true,
    };
    let alice = parse_user_id("@alice:localhost").unwrap();
    let bob = parse_user_id("@bob:localhost").unwrap();
    let mut preview = SweepPreview::default();
    for user in [&alice, &bob] {
        let v = media()
            .into_iter()
            .map(|m| (sweep.verdict("localhost", &m, &avatars()), m))
            .collect();
        preview.add(user, v);
    }
    assert_eq!(preview.scanned, 18);
    assert_eq!(preview.selected.len(), 4);
    assert_eq!(preview.bytes(), ByteSize(2 * (5000 + 4097)));
    assert_eq!(
        preview.kept,
        [
            (Verdict::ProfileImage, 2, ByteSize(16000)),
            (Verdict::Quarantined, 2, ByteSize(16000)),
            (Verdict::Protected, 2, ByteSize(16000)),
        ]
    );
    let top = preview.top_users(10);
    assert_eq!(top.len(), 2);
    assert_eq!(top[0], (alice, 2, ByteSize(9097)));
    assert_eq!(preview.media_ids()[..2], ["OldBig", "NeverReadOld"]);
}

#[test]
fn the_result_is_compared_with_the_preview_both_ways() {
    let previewed: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let exact = Comparison::of(&previewed, &["c".into(), "a".into(), "b".into()]);
    assert!(exact.exact());
    assert_eq!(exact.as_previewed, 3);
    let off = Comparison::of(&previewed, &["a".into(), "z".into()]);
    assert!(!off.exact());
    assert_eq!(off.as_previewed, 1);
    assert_eq!(off.unexpected, ["z"]);
    assert_eq!(off.not_deleted, ["b", "c"]);
}
