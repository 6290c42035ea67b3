/// The default rule set: the files of the top-level `Rules/` folder, embedded at build time by the
/// EmbedRules plugin (see `Plugins/EmbedRules`). `files` is generated.
public enum EmbeddedRules {}
