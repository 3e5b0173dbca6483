//! Every translated text of the app, by key, with its English: the one catalog. The other
//! languages live in `public/i18n/<tag>.json`, keyed by the English text (as gettext does),
//! and are fetched when chosen; a native test checks that each has every key with the same
//! placeholders (`{name}`).

macro_rules! catalog {
    (
        texts { $( $key:ident = $en:literal ),* $(,)? }
        plurals { $( $pkey:ident = ($one:literal, $other:literal) ),* $(,)? }
    ) => {
        /// A text of the catalog: its English, which is also its key in the other languages'
        /// files. A constant, not an enum: each English text then stays in the wasm chunk of
        /// the page that shows it instead of all of them joining the first load.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct T(&'static str);

        #[allow(non_upper_case_globals)]
        impl T {
            $(pub const $key: T = T($en);)*
            pub const fn en(self) -> &'static str {
                self.0
            }
        }

        /// Every text, for the tests that check the translations.
        #[cfg(all(test, not(target_arch = "wasm32")))]
        pub const ALL_TEXTS: &[T] = &[$(T::$key),*];

        /// A text that depends on a count (`{n}`): its English singular and plural; the other
        /// languages give one form per plural category of theirs (`Intl.PluralRules`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct P(&'static str, &'static str);

        #[allow(non_upper_case_globals)]
        impl P {
            $(pub const $pkey: P = P($one, $other);)*
            pub const fn en_one(self) -> &'static str {
                self.0
            }
            /// The English plural, which is also its key in the other languages' files.
            pub const fn en(self) -> &'static str {
                self.1
            }
        }

        /// Every counted text, for the tests.
        #[cfg(all(test, not(target_arch = "wasm32")))]
        pub const ALL_PLURALS: &[P] = &[$(P::$pkey),*];
    };
}

catalog! {
    texts {
        // The header.
        Menu = "Menu",
        MainNavigation = "Main",
        NavOverview = "Overview",
        NavUsers = "Users",
        NavRooms = "Rooms",
        NavMedia = "Media",
        NavStatistics = "Statistics",
        NavRetention = "Retention",
        NavJobs = "Jobs",
        NavAudit = "Audit",
        NavReports = "Reports",
        Homeserver = "Homeserver",
        SynapseVersion = "Synapse {version}",
        SynapseVersionUnknown = "Synapse version unknown",
        LogOut = "Log out",
        LoggedOut = "You have logged out; the access token is now invalid.",
        LogoutUnconfirmed = "The homeserver did not confirm the logout ({error}); this browser forgot the session anyway.",
        LogoutUnconfirmedSession = "This browser forgot the session, but the homeserver did not confirm the logout.",
        OpenCount = "{count} open",
        Dismiss = "Dismiss",
        Language = "Language",
        LanguageNotLoaded = "The {language} translation could not be loaded ({error}); Curator stays in the language it was in.",
        ColourScheme = "Colour scheme",
        SchemeSystem = "System colours",
        SchemeLight = "Light",
        SchemeDark = "Dark",
        // The login page.
        Tagline = "Media administration for Synapse",
        SignInBlocked = "Sign-in is blocked: {reason}",
        UnknownSettings = "config.json holds settings Curator does not know; they are ignored: {list}",
        HomeserverPlaceholder = "https://matrix.example.org or example.org",
        OnlyManages = "This Curator only manages: {list}",
        SignInWith = "Sign in with",
        Password = "Password",
        AccessToken = "Access token",
        Username = "Username",
        RememberMe = "Remember me (keep the session after the browser closes)",
        SigningIn = "Signing in…",
        SignIn = "Sign in",
        // The overview.
        Reading = "Reading…",
        MediaStored = "Media stored",
        Files = "Files",
        Bytes = "Bytes",
        Uploaders = "Uploaders",
        AtLeast = "at least {figure}",
        SummedOverBiggest = "Summed over the biggest uploaders only: the statistics list more than this page reads.",
        BiggestUploaders = "Biggest uploaders",
        TheMediaStatistics = "the media statistics",
        OpenReports = "Open reports",
        TheReports = "the reports",
        JobsInThisBrowser = "Jobs in this browser",
        Running = "Running",
        PausedOrInterrupted = "Paused or interrupted",
        Server = "Server",
        Name = "Name",
        Synapse = "Synapse",
        Unknown = "unknown",
        LatestQuarantineChanges = "Latest quarantine changes",
        TheQuarantineFeed = "the quarantine change feed",
        NoQuarantineFeed = "This server has no quarantine change feed (Synapse 1.152 or newer has it).",
        ChangesInAll = "Changes in all",
        Quarantined = "Quarantined",
        Released = "Released",
        // Lists and tables, everywhere.
        Pages = "Pages",
        Previous = "Previous",
        PageOf = "Page {page} of {pages}",
        Next = "Next",
        PerPage = "Per page",
        LoadingWhat = "Loading {what}…",
        CouldNotLoad = "Could not load {what}.",
        LostAdminRights = "Your account may have lost its admin rights.",
        MaybeDeleted = "It may have been deleted, or the link is wrong.",
        ServerProblem = "The homeserver had a problem; try again in a moment.",
        Cancel = "Cancel",
        // Previews.
        NoInformation = "No information on this file",
        UploadNotFinished = "Upload not finished",
        PreviewOf = "Preview of {name}",
        NoPreview = "No preview",
        Blur = "Blur",
        Reveal = "Reveal",
        RevealQuarantined = "Reveal quarantined file",
        ShowUnblurred = "Show previews unblurred",
        PreviewsCountAsAccess = "Images are previewed: Synapse counts each preview as an access to the file, which keeps it from a “last access before” sweep.",
        PreviewsNeedSession = "Signed out: previews need a session",
        NoThumbnail = "No preview: the server has no thumbnail of this file (HTTP 404)",
        NoPreviewBecause = "No preview: {error}",
        // The media table.
        SelectedFiles = "Selected files",
        SelectPage = "Select page",
        SelectedCount = "{count} selected",
        Quarantine = "Quarantine",
        Unquarantine = "Unquarantine",
        Protect = "Protect",
        Unprotect = "Unprotect",
        Delete = "Delete",
        DeleteSelectedTitle = "Delete the selected files?",
        DeleteSelectedBody = "Delete {count} of the {selected} selected files ({size}), with their thumbnails?",
        WillBeSkipped = "{count} will be skipped (remote or already deleted).",
        CannotBeUndone = "This cannot be undone.",
        Select = "Select",
        SelectName = "Select {name}",
        Preview = "Preview",
        Type = "Type",
        Size = "Size",
        Created = "Created",
        LastAccess = "Last access",
        State = "State",
        Uploader = "Uploader",
        Actions = "Actions",
        Never = "never",
        RemoteFrom = "{name} (remote, from {server})",
        Details = "Details",
        DetailsOf = "Details of {name}",
        MediaId = "Media ID",
        Copy = "copy",
        CopyMxc = "Copy mxc URI",
        CopySha = "Copy SHA-256",
        NotKnown = "not known",
        DeleteFileTitle = "Delete this file?",
        DeleteFile = "Delete file",
        DeleteFileBody = "Delete “{name}”{size}, {mxc}? The file and its thumbnails are removed from the server. This cannot be undone.",
        SearchUsers = "Search users",
        UserSearchHint = "User id or display name",
        Search = "Search",
        ShowGuests = "Show guests",
        ShowDeactivated = "Show deactivated",
        UsersLower = "users",
        TheUsers = "the users",
        UserId = "User ID",
        DisplayName = "Display name",
        Admin = "Admin",
        Deactivated = "Deactivated",
        NoUserMatches = "No user matches.",
        SearchRooms = "Search rooms",
        RoomSearchHint = "Name, alias or room id",
        RoomsLower = "rooms",
        TheRooms = "the rooms",
        RoomId = "Room ID",
        Members = "Members",
        LocalMembers = "Local members",
        Encryption = "Encryption",
        Creator = "Creator",
        NoRoomMatches = "No room matches.",
        EncryptedWith = "Encrypted ({algorithm})",
        NotEncrypted = "Not encrypted",
        NoName = "(no name)",
        EncryptedCannotSee = "encrypted: the server cannot see its files",
        Job = "Job",
        Done = "Done",
        Failed = "Failed",
        Skipped = "Skipped",
        Total = "Total",
        Duration = "Duration",
        Report = "Report",
        RunningElsewhere = "Running in another tab",
        Paused = "Paused",
        Finished = "Finished",
        Cancelled = "Cancelled",
        Interrupted = "Interrupted",
        Open = "Open",
        NoJobsYet = "No jobs yet.",
        InterruptedWhy = "Interrupted: its tab closed, reloaded or signed out",
        Seconds = "{s} s",
        MinutesSeconds = "{min} min {s} s",
        HoursMinutes = "{h} h {min} min",
        AnotherTabRuns = "Another tab of this browser runs this job; its progress is shown here as that tab stores it. Close that tab to take the job over here.",
        OlderVersionJob = "Stored by an older version of Curator: its report can be read and exported, not resumed or retried.",
        Progress = "Progress",
        JobCounts = "{processed} of {total} processed · {done} done · {failed} failed · {skipped} skipped",
        CancelledCount = "{count} cancelled",
        RateElapsed = "{rate} items/s · {elapsed} elapsed",
        TimeLeft = "about {left} left",
        NowOn = "now: {item}",
        FailedAndSkipped = "Failed and skipped items",
        Pause = "Pause",
        Resume = "Resume",
        RetryFailed = "Retry failed",
        ExportJson = "Export JSON",
        ExportCsv = "Export CSV",
        Close = "Close",
        Yes = "Yes",
        No = "No",
        UnknownUser = "Unknown user",
        User = "User",
        Profile = "Profile",
        NoneValue = "none",
        Avatar = "Avatar",
        ServerAdmin = "Server admin",
        Erased = "Erased",
        Locked = "Locked",
        ShadowBanned = "Shadow-banned",
        Guest = "Guest",
        UserType = "User type",
        Regular = "regular",
        ApplicationService = "Application service",
        LastSeen = "Last seen",
        EmailAndPhone = "Email and phone",
        TheRoom = "the room",
        ThisRoom = "this room",
        Alias = "Alias",
        Topic = "Topic",
        LocalDevices = "Local devices",
        RoomVersion = "Room version",
        JoinRule = "Join rule",
        InDirectory = "In the room directory",
        Federated = "Federated",
        HistoryVisibility = "History visibility",
        StateEvents = "State events",
        Room = "Room",
        NotAUserId = "This is not a valid user id.",
        ThisUsersMedia = "this user's media",
        UserHasNoMedia = "This user has no media.",
        RoomEncryptedNotice = "This room is end-to-end encrypted. Files sent in encrypted messages are invisible to the server: they cannot be listed here, nor deleted in bulk. What is listed was sent unencrypted (the room avatar, plaintext events).",
        TheRoomsMedia = "the room's media",
        ThisRoomsMedia = "this room's media",
        RoomHasNoMedia = "No media is referenced in this room's events.",
        UsersMedia = "Users' media",
        PurgeRemoteMedia = "Purge remote media",
        DeleteMedia = "Delete media",
        UploadedFrom = "Uploaded from",
        UploadedUntil = "Uploaded until",
        Apply = "Apply",
        Top10 = "Top 10 users by bytes stored (this filter)",
        MediaStatisticsLower = "media statistics",
        NoUploaderMatches = "No user with uploads matches.",
        ExportStopped = "The export stopped: {error}. Nothing was saved; try again.",
        Exporting = "Exporting… {done} of {total}",
        MediaLookup = "Media lookup",
        MxcOrUrl = "mxc URI or media URL",
        MxcOrUrlHint = "mxc://example.org/AbCdEf… or https://…/_matrix/client/v1/media/download/…",
        LookUp = "Look up",
        TheFile = "the file",
        PasteHint = "Paste the mxc URI or a download or thumbnail URL from a report.",
        NoSuchFile = "This server has no such file: it was deleted, or never existed.",
        NoRemoteCopy = "This server holds no copy of this remote file (it is not cached here).",
        File = "File",
        RemoteFromServer = "remote, from {server}",
        PageNotFound = "Page not found",
        NoPageHere = "Curator has no page at this address.",
        GoToUsers = "Go to the users list",

        // Bulk dialogs: a user's and a room's media, the entity selection, sweeps, purge,
        // the cutoff picker, "forget".
        // (end of bulk dialogs)

        // Reports, audit, retention, the sign-in pages, charts, sorting, tabs.
        // (end of reports, audit, retention, sign-in)

        // Messages of the model and the API: errors, outcomes, states.
        MsgNetwork = "Could not reach the homeserver ({detail}). Check that the URL is right and that the server is up and allows this page's origin (CORS).",
        MsgRefusedCodeMessage = "The server refused (HTTP {status}, {code}): {message}",
        MsgRefusedCode = "The server refused (HTTP {status}, {code})",
        MsgAnsweredMessage = "The server answered HTTP {status}: {message}",
        MsgAnswered = "The server answered HTTP {status}",
        MsgDecode = "The server's answer (HTTP {status}) could not be read: {detail}. Is this a Synapse homeserver?",
        MsgCouldNotBuild = "Could not build the request: {error}",
        MsgImagesOnlyGet = "Images are only fetched with GET",
        MsgNotShownType = "Not shown: the server answered with type “{type}”, not PNG, JPEG, GIF or WebP",
        MsgImageUnreadable = "the image could not be read",
        MsgTokenOnlyBearer = "Paste the access token itself, not only “Bearer”",
        MsgTokenEmpty = "The access token is empty",
        MsgTokenBadCharacters = "An access token has no spaces or special characters; check what was pasted",
        MsgNotReportNumber = "“{input}” is not a report number",
        MsgChunkFailed = "Curator could not load the code for this part of the app. The server may be unreachable, or Curator was updated since this tab was opened: reload the page.",
        MsgReload = "Reload",
        MsgFramed = "Curator does not run inside a frame of another page. Open it in its own tab.",
        MsgLoadingCurator = "Loading Curator…",
        MsgNotServerName = "“{server}” is not a valid server name",
        MsgNotMediaId = "“{id}” is not a valid media id (letters, digits, - and _ only)",
        MsgNoMxcPrefix = "“{uri}” does not start with mxc://",
        MsgNoMediaIdAfter = "“{uri}” has no media id after the server name",
        MsgPasteMxc = "Paste an mxc:// URI or a media download URL",
        MsgNotMxcNorUrl = "“{input}” is neither an mxc:// URI nor an http(s) media URL",
        MsgNotMediaUrl = "“{input}” is not a Matrix media download or thumbnail URL (expected …/_matrix/media/v3/download/<server>/<id> or …/_matrix/client/v1/media/download/<server>/<id>)",
        MsgMissingServerOrId = "“{input}” is missing the server name or the media id",
        MsgDeleted = "Deleted",
        MsgNotCachedHere = "Not cached here",
        MsgQuarantinedBy = "Quarantined by {user}",
        MsgProtected = "Protected",
        MsgInQuarantine = "In quarantine",
        MsgWhyProtected = "This file is protected from quarantine. Unprotect it first.",
        MsgWhyInQuarantine = "A quarantined file cannot be protected. Unquarantine it first.",
        MsgWhyRemoteDelete = "Synapse only deletes local media. A cached remote copy can be quarantined here, or removed with Purge remote media.",
        MsgWhyNotCached = "This server holds no copy of this remote file, so there is nothing to quarantine here (Synapse would answer OK and do nothing).",
        MsgNoEffectNotCached = "Synapse answered OK but did nothing: this server holds no copy of the remote file.",
        MsgNoEffectProtected = "Synapse answered OK but did not quarantine it: the file is protected.",
        MsgNoEffectNotQuarantined = "Synapse answered OK but the file is not quarantined.",
        MsgNoEffectStillQuarantined = "Synapse answered OK but the file is still quarantined.",
        MsgNoEffectStaysQuarantined = "The file is marked protected but stays quarantined: unquarantine it to release it.",
        MsgNoEffectNotProtected = "Synapse answered OK but the file is not protected.",
        MsgNoEffectStillProtected = "Synapse answered OK but the file is still protected.",
        MsgNoEffectStillExists = "Synapse answered OK but the file still exists.",
        MsgNoEffectOn = "“{name}”: {why}",
        MsgDoneQuarantine = "Quarantined “{name}”. Synapse also quarantines every byte-identical copy on this server (same SHA-256), other users' included.",
        MsgDoneUnquarantine = "Released “{name}” from quarantine, together with every byte-identical copy (same SHA-256).",
        MsgDoneProtect = "Protected “{name}”: quarantines will skip it.",
        MsgDoneUnprotect = "“{name}” is no longer protected from quarantine.",
        MsgDoneDeleteSize = "Deleted “{name}” ({size}) and its thumbnails.",
        MsgDoneDelete = "Deleted “{name}” and its thumbnails.",
        MsgUnknownName = "(unknown)",
        MsgNotAllowedInState = "not allowed in its state",
        MsgDoesNotApply = "{action} does not apply: the file is {state}",
        MsgBadUserId = "“{input}” is not a valid Matrix user id: {reason}",
        MsgBadRoomId = "“{input}” is not a valid Matrix room id: {reason}",
        MsgNotHttpUrl = "“{input}” is not an http:// or https:// URL",
        MsgUrlQuery = "“{input}” must not contain a query or fragment",
        MsgUrlHost = "“{input}” has no valid host name (write an international name in its xn-- form)",
        MsgUrlPath = "“{input}”: the path may hold only letters, digits, -, ., _, ~ and /",
        MsgWellKnownBadUrl = "The server's .well-known points at a bad URL: {error}",
        MsgWellKnownNotHttps = "The server's .well-known points at {url}, which is not https://; Curator does not send a token over plain HTTP. Enter the homeserver URL instead.",
        MsgEnterHomeserver = "Enter the homeserver's URL or server name",
        MsgNotUrlNorServer = "“{input}” is neither a URL nor a server name such as example.org",
        MsgPickCutoff = "Pick a date and time (UTC) for “last access before”.",
        MsgCutoffTooEarly = "{time} is too early: Synapse refuses cutoffs before 1971.",
        MsgCutoffInFuture = "{time} is in the future: pick a time up to now.",
        MsgDayOutOfRange = "{day} is outside the dates Synapse can filter by: pick a day from 1970 to 9999.",
        MsgRangeInverted = "The range ends ({until}) before it starts ({from}): pick an end date on or after the start date.",
        MsgDays = "Days",
        MsgLargerThanField = "“Larger than”",
        MsgRequestsInFlight = "Requests in flight",
        MsgPage = "Page",
        MsgNumberRule = "{field} is a whole number from {min} to {max}.",
        MsgBadLoginFlows = "The homeserver's list of sign-in methods is not valid: {error}",
        MsgNotHttpsUrl = "“{input}” is not an https:// URL",
        MsgNotEndpointUrl = "“{input}” is not a valid endpoint URL",
        MsgHttpOnlyLoopback = "“{input}” is not https://; only a server on this machine may use http://",
        MsgBadOAuthMetadata = "The server's OAuth 2.0 metadata is not valid: {error}",
        MsgOAuthMetadataField = "OAuth 2.0 metadata, {field}: {error}",
        MsgNoCodeFlow = "The authorization server does not offer the authorization code flow.",
        MsgNoCodeGrant = "The authorization server does not offer the authorization code grant.",
        MsgNoPkce = "The authorization server does not offer PKCE with S256.",
        MsgNoRegistration = "The authorization server does not offer dynamic client registration, which Curator needs to register itself.",
        MsgNoResponseMode = "The authorization server offers no usable response mode.",
        MsgOAuthServerNotAllowed = "This Curator only manages {list}; it will not sign in through the authorization server at {origin}. Add its URL to restrict_homeserver in config.json to allow it.",
        MsgNothingPending = "No sign-in was started in this tab, or it was finished already. Sign in again.",
        MsgStateMismatch = "The answer of the authorization server does not belong to the sign-in started here (its state does not match), so it was refused. Sign in again.",
        MsgAuthServerRefused = "The authorization server refused: {reason}",
        MsgNoAuthCode = "The authorization server sent no authorization code. Sign in again.",
        MsgConfigIsHtml = "config.json is an HTML page, not Curator's settings. Check the web server's configuration (or remove the file).",
        MsgConfigInvalid = "config.json is not valid: {error}",
        MsgConfigNotLoaded = "config.json could not be loaded: the web server answered HTTP {status}.",
        MsgConfigTooLarge = "the file is larger than {size} KiB",
        MsgConfigNotObject = "it is not a JSON object ({example})",
        MsgConfigNotJson = "it is not JSON ({error})",
        MsgConfigHomeserverString = "“homeserver” must be a string",
        MsgConfigBothSet = "both “{first}” and “{second}” are set; keep one",
        MsgWellKnownSettingsInvalid = "the homeserver's .well-known has Curator settings ({key}) that are not valid: {error}",
        MsgWellKnownSettingsNotObject = "the homeserver's .well-known has Curator settings ({key}) that are not a JSON object",
        MsgOnlyManagesNotUrl = "This Curator only manages {list}; it will not sign in to {url}.",
        MsgConfigUrlEntry = "“{key}” holds an entry that is not a homeserver URL: {error}",
        MsgConfigUrlList = "“{key}” must be a URL or a list of URLs (strings)",
        MsgRetentionHow = "Synapse applies media_retention by itself, once an hour, on the process that serves media; it needs a restart to change and reports only to its log. The cron job runs when you say and prints what it deleted (Synapse's count, or the deleted media ids).",
        MsgRetentionNoSizeLimit = "media_retention has no size limit: it would delete local files of every size, not only those larger than {size}.",
        MsgRetentionKeepsProfiles = "media_retention always keeps profile images and room avatars; the cron job here deletes them too (keep_profiles=false).",
        MsgVerdictDeleted = "deleted",
        MsgVerdictRecentlyUsed = "accessed (or, never accessed, created) after the cutoff",
        MsgVerdictNotLarger = "not larger than the size limit (or still uploading)",
        MsgVerdictProfileImage = "a user's profile image, kept as asked",
        MsgVerdictQuarantined = "quarantined: this sweep never deletes quarantined files",
        MsgVerdictProtected = "protected: this sweep never deletes protected files",
        MsgNotDone = "Not done",
        MsgExpectedBool = "expected a boolean or 0/1, got {value}",
        MsgExpectedPageToken = "expected a numeric pagination token, got {value}",
        MsgRangeOf = "{first}–{last} of {total}",
        MsgNoneOf = "0 of {total}",
        // (end of model and API messages)

        // Messages of the app's state, bulk work, jobs and reports' runs.
        // (end of state, bulk, jobs messages)

        // Dates, sizes and times.
        // (end of dates, sizes and times)
    }
    plurals {
        FilesN = ("{n} file", "{n} files"),
        DeleteNFiles = ("Delete {n} file", "Delete {n} files"),
        JobsRunning = ("{n} job running", "{n} jobs running"),
        FilesUploadedBy = ("{n} file uploaded by {user}", "{n} files uploaded by {user}"),
        FilesInRoom = ("{n} file referenced in this room ({local} local and {remote} remote on this page)", "{n} files referenced in this room ({local} local and {remote} remote on this page)"),
        ListedHere = ("Listed here ({n} user)", "Listed here ({n} users)"),

        // Bulk dialogs.
        // (end of bulk dialogs)

        // Reports, audit, retention, sign-in.
        // (end of reports, audit, retention, sign-in)

        // Model and API.
        MsgDaysAgoBefore1971 = ("{n} day ago is before 1971; Synapse refuses such a cutoff.", "{n} days ago is before 1971; Synapse refuses such a cutoff."),
        MsgEntriesDropped = ("{n} older entry was dropped from this browser's log to make room (it keeps the newest {keep}, fewer when the browser's storage is full). Export the log regularly to keep a full record.", "{n} older entries were dropped from this browser's log to make room (it keeps the newest {keep}, fewer when the browser's storage is full). Export the log regularly to keep a full record."),
        MsgEntriesDroppedSince = ("{n} older entry was dropped from this browser's log to make room (it keeps the newest {keep}, fewer when the browser's storage is full); the newest of them was from {time}. Export the log regularly to keep a full record.", "{n} older entries were dropped from this browser's log to make room (it keeps the newest {keep}, fewer when the browser's storage is full); the newest of them was from {time}. Export the log regularly to keep a full record."),
        // (end of model and API messages)

        // State, bulk, jobs.
        // (end of state, bulk, jobs messages)

        // Dates, sizes and times.
        // (end of dates, sizes and times)
    }
}
