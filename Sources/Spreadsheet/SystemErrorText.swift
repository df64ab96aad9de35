import Foundation

/// A system error said in the project's words: what a user of the tool can act on, never an errno name or
/// Foundation's "The file couldn't be opened" text.
package enum SystemErrorText {
    package static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "there is no such file or folder"
        case EACCES, EPERM: return "permission denied: you may not use it (see its owner and permissions)"
        case EISDIR: return "it is a folder, not a file"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case ELOOP: return "the path goes through too many symbolic links (or a loop of them)"
        case ENAMETOOLONG: return "the name is too long"
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is used up"
        case EROFS: return "the file system is read-only"
        case EMFILE, ENFILE: return "too many files are open"
        case EIO: return "the disk reported an input/output error"
        case ETXTBSY, EBUSY: return "the file is in use"
        case EEXIST: return "a file of that name exists"
        case ENXIO, ENODEV: return "it is a device or socket with nothing behind it"
        default:
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }

    /// The reason of a Foundation error (`CocoaError`, `NSError`), from the system error under it when there is one.
    package static func reason(of error: any Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return reason(Int32(error.code)) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return reason(Int32(underlying.code))
        }
        if error.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: error.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return reason(ENOENT)
            case .fileReadNoPermission, .fileWriteNoPermission: return reason(EACCES)
            case .fileWriteOutOfSpace: return reason(ENOSPC)
            case .fileWriteVolumeReadOnly: return reason(EROFS)
            case .fileReadTooLarge: return "the file is too large"
            case .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding: return "the text is not UTF-8"
            case .fileWriteFileExists: return reason(EEXIST)
            default: break
            }
        }
        // Foundation does not always say why (reading a folder is "unknown"): look at the path itself.
        if let path = error.userInfo[NSFilePathErrorKey] as? String {
            var status = stat()
            if stat(path, &status) != 0 { return reason(errno) }
            if status.st_mode & S_IFMT == S_IFDIR { return reason(EISDIR) }
        }
        return "a system error (\(error.domain) \(error.code))"
    }
}
