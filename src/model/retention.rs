//! The retention planner's policies ("a poor man's data retention policy", after cleanmedia)
//! and how to run them every day: the exact `curl` commands, a crontab line, and the
//! equivalent `media_retention` section of Synapse's own configuration. The access token is
//! never written into any of them: `$ADMIN_TOKEN` stands in for it.

use super::cutoff::DAY_MS;
use super::{ByteSize, HomeserverUrl};

/// Drop cached copies of remote media not read for `days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemotePolicy {
    pub days: u32,
}

/// Delete local media not read (or, never read, uploaded) for `days` days, larger than
/// `size_gt`, keeping profile images when asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalPolicy {
    pub days: u32,
    pub size_gt: ByteSize,
    pub keep_profiles: bool,
}

/// cleanmedia's default.
pub const DEFAULT_DAYS: u32 = 30;

/// The shell arithmetic for "now minus `days` days" in milliseconds, as POSIX `sh` runs it.
/// In a crontab `%` starts a new line, so there it is escaped.
fn cutoff_expr(days: u32, for_cron: bool) -> String {
    let percent = if for_cron { "\\%" } else { "%" };
    format!(
        "$(( ($(date +{percent}s) - {days} * 86400) * 1000 ))",
        days = days
    )
}

fn curl(base: &HomeserverUrl, path_and_query: &str) -> String {
    format!(
        "curl -fsS -X POST -H \"Authorization: Bearer $ADMIN_TOKEN\" \"{}{path_and_query}\"",
        base.as_str()
    )
}

impl RemotePolicy {
    pub fn command(&self, base: &HomeserverUrl, for_cron: bool) -> String {
        curl(
            base,
            &format!(
                "/_synapse/admin/v1/purge_media_cache?before_ts={}",
                cutoff_expr(self.days, for_cron)
            ),
        )
    }

    pub fn lifetime_ms(&self) -> i64 {
        i64::from(self.days) * DAY_MS
    }
}

impl LocalPolicy {
    pub fn command(&self, base: &HomeserverUrl, for_cron: bool) -> String {
        curl(
            base,
            &format!(
                "/_synapse/admin/v1/media/delete?before_ts={}&size_gt={}&keep_profiles={}",
                cutoff_expr(self.days, for_cron),
                self.size_gt.0,
                self.keep_profiles
            ),
        )
    }
}

/// Both policies (either may be off) as a shell script to review, then a crontab entry that
/// runs them daily at 04:15 with the token read from a file only its owner can read.
pub fn crontab(
    base: &HomeserverUrl,
    remote: Option<RemotePolicy>,
    local: Option<LocalPolicy>,
) -> String {
    let mut commands = Vec::new();
    if let Some(r) = remote {
        commands.push(r.command(base, true));
    }
    if let Some(l) = local {
        commands.push(l.command(base, true));
    }
    if commands.is_empty() {
        return String::new();
    }
    format!(
        "15 4 * * * ADMIN_TOKEN=\"$(cat $HOME/.synapse-admin-token)\"; {}",
        commands.join(" && ")
    )
}

/// The closest `media_retention` section of `homeserver.yaml`. Synapse's own rules have no
/// size limit and always keep profile images, quarantined and protected files.
pub fn media_retention_yaml(remote: Option<RemotePolicy>, local: Option<LocalPolicy>) -> String {
    let mut out = String::from("media_retention:\n");
    if let Some(l) = local {
        out.push_str(&format!("  local_media_lifetime: {}d\n", l.days));
    }
    if let Some(r) = remote {
        out.push_str(&format!("  remote_media_lifetime: {}d\n", r.days));
    }
    if remote.is_none() && local.is_none() {
        out.push_str("  # (no policy chosen)\n");
    }
    out
}

/// Where the two ways differ for this policy, said plainly.
pub fn differences(local: Option<LocalPolicy>) -> Vec<String> {
    let mut out = vec![
        "Synapse applies media_retention by itself, once an hour, on the process that serves \
         media; it needs a restart to change and reports only to its log. The cron job runs \
         when you say and prints what it deleted (Synapse's count, or the deleted media ids)."
            .to_owned(),
    ];
    if let Some(l) = local {
        if l.size_gt.0 > 0 {
            out.push(format!(
                "media_retention has no size limit: it would delete local files of every \
                 size, not only those larger than {}.",
                l.size_gt.human()
            ));
        }
        if !l.keep_profiles {
            out.push(
                "media_retention always keeps profile images and room avatars; the cron job \
                 here deletes them too (keep_profiles=false)."
                    .to_owned(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> HomeserverUrl {
        HomeserverUrl::parse("https://matrix.example.org").unwrap()
    }

    #[test]
    fn commands_use_milliseconds_and_a_token_placeholder() {
        let remote = RemotePolicy { days: 30 }.command(&base(), false);
        assert_eq!(
            remote,
            "curl -fsS -X POST -H \"Authorization: Bearer $ADMIN_TOKEN\" \
             \"https://matrix.example.org/_synapse/admin/v1/purge_media_cache?before_ts=\
             $(( ($(date +%s) - 30 * 86400) * 1000 ))\""
        );
        let local = LocalPolicy {
            days: 90,
            size_gt: ByteSize(1_048_576),
            keep_profiles: true,
        }
        .command(&base(), false);
        assert!(local.ends_with(
            "/_synapse/admin/v1/media/delete?before_ts=$(( ($(date +%s) - 90 * 86400) * 1000 ))\
             &size_gt=1048576&keep_profiles=true\""
        ), "{local}");
    }

    #[test]
    fn the_crontab_escapes_percent_and_never_holds_the_token() {
        let line = crontab(
            &base(),
            Some(RemotePolicy { days: 7 }),
            Some(LocalPolicy {
                days: 30,
                size_gt: ByteSize(0),
                keep_profiles: true,
            }),
        );
        assert!(line.starts_with("15 4 * * * ADMIN_TOKEN="), "{line}");
        assert!(!line.contains("+%s") && line.contains("+\\%s"), "{line}");
        assert_eq!(line.matches("curl ").count(), 2);
        assert!(line.contains(" && "));
        assert_eq!(crontab(&base(), None, None), "");
    }

    #[test]
    fn synapse_config_and_its_differences() {
        let local = LocalPolicy {
            days: 90,
            size_gt: ByteSize(10 * 1024 * 1024),
            keep_profiles: false,
        };
        assert_eq!(
            media_retention_yaml(Some(RemotePolicy { days: 30 }), Some(local)),
            "media_retention:\n  local_media_lifetime: 90d\n  remote_media_lifetime: 30d\n"
        );
        let d = differences(Some(local));
        assert_eq!(d.len(), 3);
        assert!(d[1].contains("10 MiB"), "{d:?}");
        assert_eq!(differences(None).len(), 1);
        assert_eq!(RemotePolicy { days: 2 }.lifetime_ms(), 2 * DAY_MS);
    }
}
