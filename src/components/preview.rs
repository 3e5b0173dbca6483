//! Safe image previews for moderators (see the module docs of `Preview`).
