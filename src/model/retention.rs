//! The retention planner's policies ("a poor man's data retention policy", after cleanmedia)
//! and how to run them every day: the exact `curl` commands, a crontab line, and the
//! equivalent `media_retention` section of Synapse's own configuration.
//!
//! The commands are pasted into a shell (and a crontab), so every value in them is quoted for
//! it, and the access token is never on a command line (where `ps` shows it to every user): the
//! shell's own `printf` hands the header to `curl` on its standard input, from `$ADMIN_TOKEN`.

use super::cutoff::DAY_MS;
use super::limits::{DAYS, SIZE_BYTES};
use super::{ByteSize, HomeserverUrl};
use crate::i18n::{t, tf, T};

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

impl RemotePolicy {
    /// Reads the form's day count (see [`DAYS`]).
    pub fn parse(days: &str) -> Result<Self, String> {
        Ok(RemotePolicy {
            days: DAYS.parse_u32(days)?,
        })
    }
}

impl LocalPolicy {
    /// Reads the form's day count and size (see [`DAYS`] and [`SIZE_BYTES`]).
    pub fn parse(days: &str, size_gt: &str, keep_profiles: bool) -> Result<Self, String> {
        Ok(LocalPolicy {
            days: DAYS.parse_u32(days)?,
            size_gt: ByteSize(SIZE_BYTES.parse(size_gt)?),
            keep_profiles,
        })
    }
}

/// `value` as one word for a POSIX shell: in single quotes, where nothing is special, with
/// each `'` written as `'\''`.
pub fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'\\''"))
}

/// A crontab runs its command through `sh`, but first turns every `%` into a new line unless
/// it is written `\%`.
pub fn cron_escape(command: &str) -> String {
    command.replace('%', "\\%")
}

/// The shell arithmetic for "now minus `days` days" in milliseconds, as POSIX `sh` runs it,
/// double-quoted so that its result is one word.
fn cutoff_expr(days: u32) -> String {
    format!("\"$(( ($(date +%s) - {days} * 86400) * 1000 ))\"")
}

/// `curl` POSTing to `base` + `path` + `query` + the cutoff, the token read from `$ADMIN_TOKEN`
/// by the shell's `printf` builtin and handed over on standard input (`-H @-`).
fn curl(base: &HomeserverUrl, path: &str, days: u32, rest_of_query: &str) -> String {
    format!(
        "printf 'Authorization: Bearer %s\\n' \"$ADMIN_TOKEN\" | curl -fsS -X POST -H @- {}{}{}",
        sh_quote(&format!("{}{path}?before_ts=", base.as_str())),
        cutoff_expr(days),
        if rest_of_query.is_empty() {
            String::new()
        } else {
            sh_quote(rest_of_query)
        }
    )
}

impl RemotePolicy {
    pub fn command(&self, base: &HomeserverUrl) -> String {
        curl(base, "/_synapse/admin/v1/purge_media_cache", self.days, "")
    }

    pub fn lifetime_ms(&self) -> i64 {
        i64::from(self.days) * DAY_MS
    }
}

impl LocalPolicy {
    pub fn command(&self, base: &HomeserverUrl) -> String {
        curl(
            base,
            "/_synapse/admin/v1/media/delete",
            self.days,
            &format!(
                "&size_gt={}&keep_profiles={}",
                self.size_gt.0, self.keep_profiles
            ),
        )
    }
}

/// Both policies (either may be off) as a crontab entry that runs them daily at 04:15 with the
/// token read from a file only its owner can read.
pub fn crontab(
    base: &HomeserverUrl,
    remote: Option<RemotePolicy>,
    local: Option<LocalPolicy>,
) -> String {
    let commands: Vec<String> = remote
        .map(|r| r.command(base))
        .into_iter()
        .chain(local.map(|l| l.command(base)))
        .collect();
    if commands.is_empty() {
        return String::new();
    }
    cron_escape(&format!(
        "15 4 * * * ADMIN_TOKEN=\"$(cat \"$HOME/.synapse-admin-token\")\" && {}",
        commands.join(" && ")
    ))
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
    let mut out = vec![t(T::MsgRetentionHow)];
    if let Some(l) = local {
        if l.size_gt.0 > 0 {
            out.push(tf(
                T::MsgRetentionNoSizeLimit,
                &[("size", &l.size_gt.human())],
            ));
        }
        if !l.keep_profiles {
            out.push(t(T::MsgRetentionKeepsProfiles));
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

    /// What `sh` makes of `line`: the words of each command, with `$…` left unexpanded (only
    /// quoting is checked), so the test needs no shell.
    fn sh_words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let (mut word, mut quote, mut started) = (String::new(), None::<char>, false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (None, '\'') | (None, '"') => {
                    quote = Some(c);
                    started = true;
                }
                (Some(q), c) if c == q => quote = None,
                (None, ' ') if started => {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
                (None, ' ') => {}
                (None, '\\') => {
                    word.extend(chars.next());
                    started = true;
                }
                (Some('"'), '\\') if matches!(chars.peek(), Some('"' | '$' | '\\' | '`')) => {
                    word.push(chars.next().unwrap());
                }
                (_, c) => {
                    word.push(c);
                    started = true;
                }
            }
        }
        assert!(quote.is_none(), "unbalanced quotes in {line}");
        if started {
            words.push(word);
        }
        words
    }

    #[test]
    fn commands_quote_the_url_and_keep_the_token_off_the_command_line() {
        let remote = RemotePolicy { days: 30 }.command(&base());
        assert_eq!(
            remote,
            "printf 'Authorization: Bearer %s\\n' \"$ADMIN_TOKEN\" | curl -fsS -X POST -H @- \
             'https://matrix.example.org/_synapse/admin/v1/purge_media_cache?before_ts=\
             '\"$(( ($(date +%s) - 30 * 86400) * 1000 ))\""
        );
        let words = sh_words(&remote);
        assert_eq!(
            words.last().unwrap(),
            "https://matrix.example.org/_synapse/admin/v1/purge_media_cache?before_ts=\
             $(( ($(date +%s) - 30 * 86400) * 1000 ))"
        );
        let curl_words = &words[words.iter().position(|w| w == "curl").unwrap()..];
        assert!(
            !curl_words.iter().any(|w| w.contains("ADMIN_TOKEN")),
            "{curl_words:?}"
        );
        let local = LocalPolicy {
            days: 90,
            size_gt: ByteSize(1_048_576),
            keep_profiles: true,
        }
        .command(&base());
        assert!(local.ends_with(
            "/_synapse/admin/v1/media/delete?before_ts='\"$(( ($(date +%s) - 90 * 86400) * 1000 ))\"\
             '&size_gt=1048576&keep_profiles=true'"
        ), "{local}");
        assert!(sh_words(&local)
            .last()
            .unwrap()
            .ends_with("&size_gt=1048576&keep_profiles=true"));
    }

    /// Runs `script` in the real `sh` with `curl` and `date` replaced by functions that print
    /// what they were given (the header on standard input, then one argument a line).
    fn run_in_sh(script: &str, token: &str, home: &std::path::Path) -> String {
        let fakes = "curl() { cat; printf '<%s>\\n' \"$@\"; }; date() { echo 1000000; }; ";
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{fakes}{script}"))
            .env("ADMIN_TOKEN", token)
            .env("HOME", home)
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn the_commands_do_in_a_real_shell_what_they_say() {
        let token = "syt_it's\"$(id)`id`%s";
        let home = std::env::temp_dir().join(format!("curator-retention-{}", std::process::id()));
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(home.join(".synapse-admin-token"), token).unwrap();
        let before_ts = (1_000_000 - 86_400) * 1000;
        let url = "https://matrix.example.org/_synapse/admin/v1";
        let expected_remote = format!(
            "Authorization: Bearer {token}\n<-fsS>\n<-X>\n<POST>\n<-H>\n<@->\n\
             <{url}/purge_media_cache?before_ts={before_ts}>\n"
        );
        let remote = RemotePolicy { days: 1 };
        assert_eq!(
            run_in_sh(&remote.command(&base()), token, &home),
            expected_remote
        );
        let local = LocalPolicy {
            days: 1,
            size_gt: ByteSize(i64::MAX as u64),
            keep_profiles: false,
        };
        let expected_local = format!(
            "Authorization: Bearer {token}\n<-fsS>\n<-X>\n<POST>\n<-H>\n<@->\n\
             <{url}/media/delete?before_ts={before_ts}&size_gt=9223372036854775807&keep_profiles=false>\n"
        );
        assert_eq!(
            run_in_sh(&local.command(&base()), token, &home),
            expected_local
        );
        // The crontab line as cron hands it to sh: after the schedule, with `\%` turned into `%`;
        // the token comes from the file, not from the environment cron would not have.
        let line = crontab(&base(), Some(remote), Some(local));
        let command = line
            .strip_prefix("15 4 * * * ")
            .unwrap()
            .replace("\\%", "%");
        assert_eq!(
            run_in_sh(&command, "", &home),
            format!("{expected_remote}{expected_local}")
        );
        std::fs::remove_dir_all(&home).unwrap();
    }

    #[test]
    fn single_quotes_survive_the_shell() {
        for value in ["plain", "it's", "'", "a'b'c", "$(id) `id` \"x\" % \\"] {
            assert_eq!(
                sh_words(&sh_quote(value)),
                vec![value.to_owned()],
                "{value}"
            );
        }
    }

    #[test]
    fn the_crontab_escapes_every_percent_and_never_holds_the_token() {
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
        // Every % is escaped; cron turns `\%` back into `%` before `sh` reads the line.
        assert_eq!(
            line.matches('%').count(),
            line.matches("\\%").count(),
            "{line}"
        );
        assert!(line.contains("+\\%s"), "{line}");
        assert_eq!(line.matches("curl ").count(), 2);
        assert!(line.contains(" && "));
        let as_sh = line.replace("\\%", "%");
        sh_words(&as_sh);
        assert_eq!(crontab(&base(), None, None), "");
    }

    #[test]
    fn form_values_are_validated_to_what_synapse_accepts() {
        assert_eq!(RemotePolicy::parse("30"), Ok(RemotePolicy { days: 30 }));
        for bad in ["0", "-1", "20001", "4294967296", "1e3", "30 days", ""] {
            assert!(RemotePolicy::parse(bad).is_err(), "{bad}");
            assert!(LocalPolicy::parse(bad, "0", true).is_err(), "{bad}");
        }
        assert!(LocalPolicy::parse("30", "9223372036854775807", true).is_ok());
        for bad in [
            "9223372036854775808",
            "18446744073709551616",
            "-1",
            "1.5",
            "1KB",
        ] {
            let e = LocalPolicy::parse("30", bad, true).unwrap_err();
            assert!(e.contains("Larger than"), "{bad}: {e}");
        }
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
