/// Synod's version.
public enum SynodVersion {
    /// The semantic version of this build.
    public static let string = "0.1.0"
}
