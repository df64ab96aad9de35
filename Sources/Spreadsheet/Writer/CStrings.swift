#if canImport(Glibc)
import Glibc
#endif

/// C copies of Swift strings for the libxlsxwriter structures that hold several `char *` at once
/// (validations, conditional formats, document properties), freed when the owner goes away.
///
/// `withCString` cannot nest over a variable number of strings, so each string is `strdup`ed instead.
/// The copies need only outlive the call they are passed to: libxlsxwriter 1.1.4 copies every string of
/// `lxw_data_validation`, `lxw_conditional_format`, `lxw_doc_properties`, custom properties, URLs and
/// comments when the function is called (checked with a probe that overwrote its buffers after each
/// call: the file held the original text). Keep the owner alive across the call with
/// `withExtendedLifetime`.
final class CStrings {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    /// The text must hold no NUL; callers have checked it (NUL is a control character).
    func copy(_ text: String) -> UnsafeMutablePointer<CChar>? {
        guard let pointer = strdup(text) else { return nil }
        pointers.append(pointer)
        return pointer
    }

    func copy(_ text: String?) -> UnsafeMutablePointer<CChar>? {
        text.flatMap { copy($0) }
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}
