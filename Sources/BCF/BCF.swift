/// The Better Care Fund layer: template editions, typed models, filling and checking. It is built on the
/// generic `Spreadsheet` layer and knows the BCF; the spreadsheet layer knows nothing of it.
public enum BCF {
    /// The version printed by `bcf --version`.
    public static let version = "0.1.0"
}
